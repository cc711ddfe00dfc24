package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredAutoscaler;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The HorizontalPodAutoscaler, present only with spec.autoscaling (see {@link AutoscalerPrecondition}). */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class AutoscalerDependent extends SpecHashedDependent<HorizontalPodAutoscaler> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "hpa";

  /** Creates the dependent. */
  public AutoscalerDependent() {
    super(HorizontalPodAutoscaler.class);
  }

  @Override
  protected HorizontalPodAutoscaler build(TusServer primary, Context<TusServer> context) {
    return DesiredAutoscaler.build(primary);
  }
}
