package dev.resumable.operator.dependent;

import dev.resumable.operator.api.monitoring.ServiceMonitor;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Activation condition of the ServiceMonitor: the API is served. While false, JOSDK registers no informer for
 * ServiceMonitors (which would fail without the CRD). The reconciler checks API discovery, which every
 * authenticated user may read, so no cluster-wide CRD access is needed.
 */
public class ServiceMonitorApiActivation implements Condition<ServiceMonitor, TusServer> {

  @Override
  public boolean isMet(DependentResource<ServiceMonitor, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return WorkflowInputs.from(context).serviceMonitorApiAvailable();
  }
}
