package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredSigningKeySecret;
import dev.resumable.operator.desired.Names;
import dev.resumable.operator.desired.Owners;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The Secret holding the generated HTTP-hook signing key. Create-only: an existing key is never replaced, so the
 * key is not rotated behind the hook receivers' back; deleting the Secret makes the operator generate a new one.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class SigningKeySecretDependent extends KubernetesDependentResource<Secret, TusServer>
    implements Creator<Secret, TusServer>, GarbageCollected<TusServer> {

  /** Dependent (and event source) name used in the workflow. */
  public static final String NAME = "signing-key-secret";

  /** Creates the dependent. */
  public SigningKeySecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(TusServer primary, Context<TusServer> context) {
    return DesiredSigningKeySecret.build(primary, DesiredSigningKeySecret.newKey());
  }

  @Override
  protected void addReferenceHandlingMetadata(Secret desired, TusServer primary) {
    Owners.setController(desired, primary);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(TusServer primary, Context<TusServer> context) {
    return new ResourceID(Names.signingKeySecret(primary), primary.getMetadata().getNamespace());
  }
}
