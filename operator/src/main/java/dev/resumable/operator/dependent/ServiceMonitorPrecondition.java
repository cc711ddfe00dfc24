package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the ServiceMonitor: metrics on and metrics.serviceMonitor.enabled. */
public class ServiceMonitorPrecondition implements Condition<GenericKubernetesResource, TusServer> {

  @Override
  public boolean isMet(DependentResource<GenericKubernetesResource, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.serviceMonitorWanted(primary);
  }
}
