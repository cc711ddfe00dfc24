package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.desired.DesiredClaim;
import dev.resumable.operator.desired.Effective;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a larger {@code storage.file.size} may be written to the data claim. The API server refuses to grow a
 * claim whose StorageClass lacks {@code allowVolumeExpansion: true}; instead of a refused patch on every reconcile,
 * the operator reads the StorageClass (one GET, only when the claim would grow) and reports
 * {@code StorageNotExpandable}.
 */
public final class ClaimExpansion {

  private ClaimExpansion() {
  }

  /**
   * Checks whether the claim would grow and cannot.
   *
   * @param server the TusServer
   * @param claim the claim as observed, or null
   * @param client the client
   * @return the problem when it cannot grow; empty when it need not or may
   */
  public static Optional<Problem> check(TusServer server, PersistentVolumeClaim claim, KubernetesClient client) {
    if (claim == null || !Effective.managesClaim(server)) {
      return Optional.empty();
    }
    BigDecimal wanted = bytes(DesiredClaim.build(server));
    BigDecimal current = bytes(claim);
    if (wanted.compareTo(current) <= 0) {
      return Optional.empty();
    }
    String className = claim.getSpec().getStorageClassName();
    StorageClass storageClass = className == null || className.isEmpty() ? null
        : client.storage().v1().storageClasses().withName(className).get();
    if (storageClass != null && Boolean.TRUE.equals(storageClass.getAllowVolumeExpansion())) {
      return Optional.empty();
    }
    String why = storageClass == null
        ? (className == null || className.isEmpty() ? "the claim has no StorageClass"
            : "StorageClass " + className + " does not exist")
        : "StorageClass " + className + " does not allow volume expansion";
    return Optional.of(new Problem(Reasons.STORAGE_NOT_EXPANDABLE, "storage.file.size asks for "
        + storage(DesiredClaim.build(server)) + " but claim " + claim.getMetadata().getName() + " has "
        + storage(claim) + " and " + why + "; the claim keeps its size"));
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
