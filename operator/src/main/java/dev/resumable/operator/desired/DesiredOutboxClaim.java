package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.HookOutbox;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Desired claim for the post-finish outbox with S3 storage: ReadWriteOnce (S3 servers run one pod, rolled with
 * Recreate), owned by the TusServer so it goes with it.
 */
public final class DesiredOutboxClaim {

  private DesiredOutboxClaim() {
  }

  /**
   * Builds the desired claim.
   *
   * @param server the TusServer, with hooks.outbox
   * @return the claim, with a controller reference
   */
  public static PersistentVolumeClaim build(TusServer server) {
    HookOutbox outbox = Effective.hooks(server).getOutbox();
    PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
        .withNewMetadata()
          .withName(Names.outboxClaim(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
        .endMetadata()
        .withNewSpec()
          .withAccessModes("ReadWriteOnce")
          .withStorageClassName(outbox.getStorageClassName())
          .withNewResources().addToRequests("storage", Quantities.canonical(new Quantity(outbox.getSize())))
          .endResources()
        .endSpec()
        .build();
    Owners.setController(claim, server);
    return claim;
  }
}
