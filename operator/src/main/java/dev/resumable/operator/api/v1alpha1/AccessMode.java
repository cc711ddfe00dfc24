package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PersistentVolumeClaim access mode. */
public enum AccessMode {
  /** One node mounts the volume read-write. */
  @JsonProperty("ReadWriteOnce")
  READ_WRITE_ONCE,
  /** Many nodes mount the volume read-write: needed for more than one replica. */
  @JsonProperty("ReadWriteMany")
  READ_WRITE_MANY,
  /** One pod mounts the volume read-write. */
  @JsonProperty("ReadWriteOncePod")
  READ_WRITE_ONCE_POD;

  /**
   * Returns the Kubernetes spelling of this mode.
   *
   * @return e.g. {@code ReadWriteOnce}
   */
  public String kubernetesName() {
    switch (this) {
      case READ_WRITE_MANY:
        return "ReadWriteMany";
      case READ_WRITE_ONCE_POD:
        return "ReadWriteOncePod";
      default:
        return "ReadWriteOnce";
    }
  }
}
