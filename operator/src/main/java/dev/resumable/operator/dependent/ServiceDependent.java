package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredService;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service in front of the server pods (http and metrics ports). */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class ServiceDependent extends SpecHashedDependent<Service> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "service";

  /** Creates the dependent. */
  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service build(TusServer primary, Context<TusServer> context) {
    return DesiredService.build(primary);
  }
}
