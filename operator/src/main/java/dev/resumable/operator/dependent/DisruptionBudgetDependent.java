package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredDisruptionBudget;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The PodDisruptionBudget, present only with more than one replica (see {@link DisruptionBudgetPrecondition}). */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class DisruptionBudgetDependent extends SpecHashedDependent<PodDisruptionBudget> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "pdb";

  /** Creates the dependent. */
  public DisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget build(TusServer primary, Context<TusServer> context) {
    return DesiredDisruptionBudget.build(primary);
  }
}
