package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Upload storage: exactly one backend (file, s3 or azure). gcs is reserved for later.
 */
@ValidationRule(value = "(has(self.file) ? 1 : 0) + (has(self.s3) ? 1 : 0) + (has(self.azure) ? 1 : 0) == 1", message = "exactly one of storage.file, storage.s3 or storage.azure must be set", reason = "FieldValueInvalid")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

  /** A volume: a claim the operator creates, or an existing claim. */
  @JsonPropertyDescription("A volume: a claim the operator creates, or an existing claim.")
  private FileStorage file;

  /** An S3-compatible bucket. */
  @JsonPropertyDescription("An S3-compatible bucket.")
  private S3Storage s3;

  /** An Azure Blob container. */
  @JsonPropertyDescription("An Azure Blob container.")
  private AzureStorage azure;

  /**
   * Returns file.
   *
   * @return the value, may be null
   */
  public FileStorage getFile() {
    return file;
  }

  /**
   * Sets file.
   *
   * @param file the new value
   */
  public void setFile(FileStorage file) {
    this.file = file;
  }

  /**
   * Returns s3.
   *
   * @return the value, may be null
   */
  public S3Storage getS3() {
    return s3;
  }

  /**
   * Sets s3.
   *
   * @param s3 the new value
   */
  public void setS3(S3Storage s3) {
    this.s3 = s3;
  }

  /**
   * Returns azure.
   *
   * @return the value, may be null
   */
  public AzureStorage getAzure() {
    return azure;
  }

  /**
   * Sets azure.
   *
   * @param azure the new value
   */
  public void setAzure(AzureStorage azure) {
    this.azure = azure;
  }
}
