package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the PodDisruptionBudget: more than one replica, or autoscaling. */
public class DisruptionBudgetPrecondition implements Condition<PodDisruptionBudget, TusServer> {

  @Override
  public boolean isMet(DependentResource<PodDisruptionBudget, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.deploymentReplicas(primary) > 1 || Effective.autoscaling(primary) != null;
  }
}
