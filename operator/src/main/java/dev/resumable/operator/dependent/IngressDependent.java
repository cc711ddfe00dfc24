package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredIngress;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Ingress, present only while spec.ingress is set (see {@link IngressPrecondition}). */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class IngressDependent extends SpecHashedDependent<Ingress> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "ingress";

  /** Creates the dependent. */
  public IngressDependent() {
    super(Ingress.class);
  }

  @Override
  protected Ingress build(TusServer primary, Context<TusServer> context) {
    return DesiredIngress.build(primary);
  }
}
