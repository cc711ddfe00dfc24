package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the outbox claim: S3 storage with hooks.outbox. */
public class OutboxClaimPrecondition implements Condition<PersistentVolumeClaim, TusServer> {

  @Override
  public boolean isMet(DependentResource<PersistentVolumeClaim, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.outboxClaimWanted(primary);
  }
}
