package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the Ingress: spec.ingress is set. When false, an existing Ingress is deleted. */
public class IngressPrecondition implements Condition<Ingress, TusServer> {

  @Override
  public boolean isMet(DependentResource<Ingress, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.ingressWanted(primary);
  }
}
