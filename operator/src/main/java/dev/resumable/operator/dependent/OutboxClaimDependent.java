package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredOutboxClaim;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The claim holding the post-finish outbox with S3 storage ({@code hooks.outbox}). Create-only: a claim's spec is
 * immutable but for its size, and the operator never deletes a claim (no RBAC for it); the owner reference lets
 * garbage collection remove it with the TusServer. Removing {@code hooks.outbox} unmounts it and leaves it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class OutboxClaimDependent extends KubernetesDependentResource<PersistentVolumeClaim, TusServer>
    implements Creator<PersistentVolumeClaim, TusServer> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "outbox-claim";

  /** Creates the dependent. */
  public OutboxClaimDependent() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  protected PersistentVolumeClaim desired(TusServer primary, Context<TusServer> context) {
    return DesiredOutboxClaim.build(primary);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(TusServer primary, Context<TusServer> context) {
    return new ResourceID(Names.outboxClaim(primary), primary.getMetadata().getNamespace());
  }
}
