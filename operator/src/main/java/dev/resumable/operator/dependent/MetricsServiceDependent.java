package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredMetricsService;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** The ClusterIP Service in front of the metrics port; present while metrics are enabled. */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class MetricsServiceDependent extends SpecHashedDependent<Service> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "metrics-service";

  /** Creates the dependent. */
  public MetricsServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service build(TusServer primary, Context<TusServer> context) {
    return DesiredMetricsService.build(primary);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(TusServer primary, Context<TusServer> context) {
    return new ResourceID(Names.metricsService(primary), primary.getMetadata().getNamespace());
  }
}
