package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/** Desired PodDisruptionBudget, present when more than one replica runs: at most one pod evicted at a time. */
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
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
          .withName(Names.workload(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
        .endMetadata()
        .withNewSpec()
          .withMaxUnavailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(Names.selectorLabels(server)).endSelector()
        .endSpec()
        .build();
  }
}
