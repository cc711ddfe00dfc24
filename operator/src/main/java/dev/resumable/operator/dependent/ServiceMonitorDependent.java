package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredServiceMonitor;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Prometheus Operator ServiceMonitor, handled as an untyped resource so the operator needs no Prometheus
 * Operator model. Active only while the API is served ({@link ServiceMonitorApiActivation}), present only when
 * asked for ({@link ServiceMonitorPrecondition}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ServiceMonitorDependent extends GenericKubernetesDependentResource<TusServer>
    implements Creator<GenericKubernetesResource, TusServer>, Updater<GenericKubernetesResource, TusServer>,
    GarbageCollected<TusServer> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "servicemonitor";

  /** Creates the dependent. */
  public ServiceMonitorDependent() {
    super(new GroupVersionKind(DesiredServiceMonitor.GROUP, DesiredServiceMonitor.VERSION,
        DesiredServiceMonitor.KIND));
  }

  @Override
  protected GenericKubernetesResource desired(TusServer primary, Context<TusServer> context) {
    return DesiredServiceMonitor.build(primary);
  }
}
