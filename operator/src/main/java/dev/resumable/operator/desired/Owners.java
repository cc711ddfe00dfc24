package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The owner reference of every object a TusServer controls: {@code controller: true} (kubectl describe shows
 * "Controlled By", GitOps tools draw the tree) and {@code blockOwnerDeletion: true} (foreground deletion of the
 * TusServer waits for it; needs {@code update} on {@code tusservers/finalizers} where the
 * OwnerReferencesPermissionEnforcement admission plugin is on).
 */
public final class Owners {

  private Owners() {
  }

  /**
   * The controller reference to a TusServer.
   *
   * @param server the owner
   * @return the reference
   */
  public static OwnerReference controllerReference(TusServer server) {
    return new OwnerReferenceBuilder()
        .withApiVersion(server.getApiVersion())
        .withKind(server.getKind())
        .withName(server.getMetadata().getName())
        .withUid(server.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * Sets the controller reference on an object, replacing any earlier reference to the same TusServer and keeping
   * references to other owners.
   *
   * @param object the controlled object
   * @param server the owner
   */
  public static void setController(HasMetadata object, TusServer server) {
    List<OwnerReference> references = new ArrayList<>();
    String uid = server.getMetadata().getUid();
    for (OwnerReference reference : object.getMetadata().getOwnerReferences()) {
      if (uid == null || !uid.equals(reference.getUid())) {
        references.add(reference);
      }
    }
    references.add(controllerReference(server));
    object.getMetadata().setOwnerReferences(references);
  }

  /**
   * Removes references to a TusServer.
   *
   * @param object the object
   * @param server the former owner
   */
  public static void remove(HasMetadata object, TusServer server) {
    String uid = server.getMetadata().getUid();
    object.getMetadata().getOwnerReferences().removeIf(reference -> uid != null && uid.equals(reference.getUid()));
  }

  /**
   * Tells whether an object carries the controller reference to a TusServer exactly as {@link #setController} sets
   * it (objects created by earlier versions carry a plain reference).
   *
   * @param object the object
   * @param server the owner
   * @return true when controlled
   */
  public static boolean isControlledBy(HasMetadata object, TusServer server) {
    String uid = server.getMetadata().getUid();
    return object.getMetadata().getOwnerReferences().stream().anyMatch(reference -> uid != null
        && uid.equals(reference.getUid()) && Boolean.TRUE.equals(reference.getController())
        && Boolean.TRUE.equals(reference.getBlockOwnerDeletion()));
  }

  /**
   * Tells whether an object carries any reference to a TusServer.
   *
   * @param object the object
   * @param server the owner
   * @return true when referenced
   */
  public static boolean isOwnedBy(HasMetadata object, TusServer server) {
    String uid = server.getMetadata().getUid();
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(reference -> uid != null && uid.equals(reference.getUid()));
  }
}
