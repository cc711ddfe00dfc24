package dev.resumable.operator.dependent;

import dev.resumable.operator.api.monitoring.ServiceMonitor;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredServiceMonitor;
import dev.resumable.operator.desired.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Prometheus Operator ServiceMonitor. Active only while the API is served ({@link ServiceMonitorApiActivation}),
 * present only when asked for ({@link ServiceMonitorPrecondition}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ServiceMonitorDependent extends SpecHashedDependent<ServiceMonitor> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "servicemonitor";

  /** Creates the dependent. */
  public ServiceMonitorDependent() {
    super(ServiceMonitor.class);
  }

  @Override
  protected ServiceMonitor build(TusServer primary, Context<TusServer> context) {
    return DesiredServiceMonitor.build(primary);
  }
}
