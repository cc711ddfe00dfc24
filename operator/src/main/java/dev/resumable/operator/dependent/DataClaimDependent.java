package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredClaim;
import dev.resumable.operator.desired.Names;
import dev.resumable.operator.desired.Owners;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The data claim for file storage. Not garbage-collected by default: the owner reference is present only with
 * {@code deleteClaim: true}, so deleting a TusServer keeps the uploads unless asked. Only the two mutable aspects are
 * reconciled after creation: that owner reference and growing the requested size; the rest of a claim's spec is
 * immutable. The size grows only when the claim's StorageClass allows volume expansion
 * ({@link WorkflowInputs#claimExpandable()}); otherwise the reconciler reports {@code StorageNotExpandable} and
 * nothing is written, instead of a patch the API server refuses on every reconcile.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class DataClaimDependent extends KubernetesDependentResource<PersistentVolumeClaim, TusServer>
    implements Creator<PersistentVolumeClaim, TusServer>, Updater<PersistentVolumeClaim, TusServer> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "data-claim";

  /** Creates the dependent. */
  public DataClaimDependent() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  protected PersistentVolumeClaim desired(TusServer primary, Context<TusServer> context) {
    return DesiredClaim.build(primary);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(TusServer primary, Context<TusServer> context) {
    return new ResourceID(Names.dataClaim(primary), primary.getMetadata().getNamespace());
  }

  @Override
  public Matcher.Result<PersistentVolumeClaim> match(PersistentVolumeClaim actual, TusServer primary,
      Context<TusServer> context) {
    PersistentVolumeClaim desired = desired(primary, context);
    boolean ownerMatches = DesiredClaim.deleteWithServer(primary) ? Owners.isControlledBy(actual, primary)
        : !Owners.isOwnedBy(actual, primary);
    boolean sizeMatches = bytes(desired).compareTo(bytes(actual)) <= 0
        || !WorkflowInputs.from(context).claimExpandable();
    return Matcher.Result.computed(ownerMatches && sizeMatches, desired);
  }

  @Override
  public PersistentVolumeClaim update(PersistentVolumeClaim actual, PersistentVolumeClaim desired,
      TusServer primary, Context<TusServer> context) {
    String uid = primary.getMetadata().getUid();
    return context.getClient().resource(actual).edit(claim -> {
      Owners.remove(claim, primary);
      if (DesiredClaim.deleteWithServer(primary)) {
        Owners.setController(claim, primary);
      }
      if (bytes(desired).compareTo(bytes(claim)) > 0 && WorkflowInputs.from(context).claimExpandable()) {
        claim.getSpec().getResources().getRequests().put("storage", storage(desired));
      }
      return claim;
    });
  }

  private static Quantity storage(PersistentVolumeClaim claim) {
    Map<String, Quantity> requests = claim.getSpec() == null || claim.getSpec().getResources() == null ? null
        : claim.getSpec().getResources().getRequests();
    return requests == null ? null : requests.get("storage");
  }

  private static BigDecimal bytes(PersistentVolumeClaim claim) {
    Quantity quantity = storage(claim);
    return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
  }
}
