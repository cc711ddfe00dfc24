package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A persistent volume for the post-finish outbox with S3 storage (with file storage the outbox lives in the upload
 * directory). Without it the outbox is on the pod's scratch space and undelivered events are lost when the pod is
 * replaced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HookOutbox {

  /** Size of the outbox claim. */
  @Required
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
  @JsonPropertyDescription("Size of the outbox claim, e.g. 1Gi.")
  private String size;

  /** StorageClass of the outbox claim; default: the cluster's. */
  @JsonPropertyDescription("StorageClass of the outbox claim; default: the cluster's.")
  private String storageClassName;

  /**
   * Returns size.
   *
   * @return the value, may be null
   */
  public String getSize() {
    return size;
  }

  /**
   * Sets size.
   *
   * @param size the new value
   */
  public void setSize(String size) {
    this.size = size;
  }

  /**
   * Returns storageClassName.
   *
   * @return the value, may be null
   */
  public String getStorageClassName() {
    return storageClassName;
  }

  /**
   * Sets storageClassName.
   *
   * @param storageClassName the new value
   */
  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
