package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the HorizontalPodAutoscaler: spec.autoscaling is set (the validator has already refused
 * it where pods cannot share uploads).
 */
public class AutoscalerPrecondition implements Condition<HorizontalPodAutoscaler, TusServer> {

  @Override
  public boolean isMet(DependentResource<HorizontalPodAutoscaler, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.autoscaling(primary) != null;
  }
}
