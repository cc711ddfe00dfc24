package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the metrics Service: metrics enabled. */
public class MetricsServicePrecondition implements Condition<Service, TusServer> {

  @Override
  public boolean isMet(DependentResource<Service, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.metricsEnabled(primary);
  }
}
