package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.DisruptionBudgetSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * Desired PodDisruptionBudget, present when more than one replica may run: spec.disruptionBudget's minAvailable or
 * maxUnavailable, by default at most one pod evicted at a time.
 */
public final class DesiredDisruptionBudget {

  private DesiredDisruptionBudget() {
  }

  /**
   * Builds the desired PodDisruptionBudget.
   *
   * @param server the TusServer
   * @return the budget
   */
  public static PodDisruptionBudget build(TusServer server) {
    DisruptionBudgetSpec budget = Effective.spec(server).getDisruptionBudget() == null ? new DisruptionBudgetSpec()
        : Effective.spec(server).getDisruptionBudget();
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
          .withName(Names.workload(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
        .endMetadata()
        .withNewSpec()
          .withMinAvailable(budget.getMinAvailable())
          .withMaxUnavailable(budget.getMinAvailable() == null && budget.getMaxUnavailable() == null
              ? new IntOrString(1) : budget.getMaxUnavailable())
          .withNewSelector().withMatchLabels(Names.selectorLabels(server)).endSelector()
        .endSpec()
        .build();
  }
}
