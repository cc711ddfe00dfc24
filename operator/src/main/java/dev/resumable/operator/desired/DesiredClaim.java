package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.AccessMode;
import dev.resumable.operator.api.v1alpha1.FileStorage;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.stream.Collectors;

/**
 * Desired PersistentVolumeClaim for file storage. It carries an owner reference only when
 * {@code storage.file.deleteClaim} is true: by default deleting a TusServer keeps the uploads.
 */
public final class DesiredClaim {

  /** Default size of the claim. */
  public static final String DEFAULT_SIZE = "10Gi";

  private DesiredClaim() {
  }

  /**
   * Builds the desired claim.
   *
   * @param server the TusServer (must use file storage without existingClaim)
   * @return the claim, with an owner reference when deleteClaim is true
   */
  public static PersistentVolumeClaim build(TusServer server) {
    FileStorage file = Effective.file(server);
    String size = file.getSize() == null ? DEFAULT_SIZE : file.getSize();
    PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
        .withNewMetadata()
          .withName(Names.dataClaim(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
        .endMetadata()
        .withNewSpec()
          .withAccessModes(Effective.accessModes(server).stream().map(AccessMode::kubernetesName)
              .collect(Collectors.toList()))
          .withStorageClassName(file.getStorageClassName())
          .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
        .endSpec()
        .build();
    if (deleteWithServer(server)) {
      Owners.setController(claim, server);
    }
    return claim;
  }

  /**
   * Tells whether the claim is deleted with the TusServer.
   *
   * @param server the TusServer
   * @return true when storage.file.deleteClaim is true
   */
  public static boolean deleteWithServer(TusServer server) {
    FileStorage file = Effective.file(server);
    return file != null && Boolean.TRUE.equals(file.getDeleteClaim());
  }
}
