package dev.resumable.operator.dependent;

import dev.resumable.operator.api.monitoring.ServiceMonitor;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the ServiceMonitor: metrics on and metrics.serviceMonitor.enabled. */
public class ServiceMonitorPrecondition implements Condition<ServiceMonitor, TusServer> {

  @Override
  public boolean isMet(DependentResource<ServiceMonitor, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.serviceMonitorWanted(primary);
  }
}
