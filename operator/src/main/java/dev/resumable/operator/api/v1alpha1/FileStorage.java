package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * File storage on a PersistentVolumeClaim.
 */
@ValidationRule(value = "!has(self.existingClaim) || !has(self.storageClassName)", message = "storageClassName applies only to a claim the operator creates, not to existingClaim", reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.existingClaim) || !has(self.deleteClaim) || !self.deleteClaim", message = "deleteClaim cannot be set with existingClaim: the operator never deletes a claim it did not create", reason = "FieldValueForbidden")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileStorage {

  /** Requested size of the claim the operator creates. */
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
  @Default("10Gi")
  @JsonPropertyDescription("Requested size of the claim the operator creates.")
  private String size = "10Gi";

  /** Storage class of the claim the operator creates. */
  @JsonPropertyDescription("Storage class of the claim the operator creates.")
  private String storageClassName;

  /** Access modes; ReadWriteMany is needed for more than one replica. Default ReadWriteOnce. */
  @Size(max = 3)
  @JsonPropertyDescription("Access modes; ReadWriteMany is needed for more than one replica. Default ReadWriteOnce.")
  private List<AccessMode> accessModes;

  /** Use this existing claim instead of creating one; the operator never deletes it. */
  @JsonPropertyDescription("Use this existing claim instead of creating one; the operator never deletes it.")
  private String existingClaim;

  /** Delete the created claim (and the uploads) when the TusServer is deleted. Default false. */
  @Default("false")
  @JsonPropertyDescription("Delete the created claim (and the uploads) when the TusServer is deleted. Default false.")
  private Boolean deleteClaim = false;

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

  /**
   * Returns accessModes.
   *
   * @return the value, may be null
   */
  public List<AccessMode> getAccessModes() {
    return accessModes;
  }

  /**
   * Sets accessModes.
   *
   * @param accessModes the new value
   */
  public void setAccessModes(List<AccessMode> accessModes) {
    this.accessModes = accessModes;
  }

  /**
   * Returns existingClaim.
   *
   * @return the value, may be null
   */
  public String getExistingClaim() {
    return existingClaim;
  }

  /**
   * Sets existingClaim.
   *
   * @param existingClaim the new value
   */
  public void setExistingClaim(String existingClaim) {
    this.existingClaim = existingClaim;
  }

  /**
   * Returns deleteClaim.
   *
   * @return the value, may be null
   */
  public Boolean getDeleteClaim() {
    return deleteClaim;
  }

  /**
   * Sets deleteClaim.
   *
   * @param deleteClaim the new value
   */
  public void setDeleteClaim(Boolean deleteClaim) {
    this.deleteClaim = deleteClaim;
  }
}
