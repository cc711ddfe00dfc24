package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * S3-compatible object storage. Credentials come from a Secret via secretKeyRef, or from the pod's ambient AWS chain when no Secret is named.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Storage {

  /** Bucket name (-s3-bucket). */
  @Required
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  @JsonPropertyDescription("Bucket name (-s3-bucket).")
  private String bucket;

  /** Region (AWS_REGION / -s3-region). */
  @JsonPropertyDescription("Region (AWS_REGION / -s3-region).")
  private String region;

  /** Endpoint for S3-compatible stores; forces path-style access (-s3-endpoint). */
  @Pattern("^https?://.+")
  @JsonPropertyDescription("Endpoint for S3-compatible stores; forces path-style access (-s3-endpoint).")
  private String endpoint;

  /** Prefix of every object key (-s3-object-prefix). */
  @JsonPropertyDescription("Prefix of every object key (-s3-object-prefix).")
  private String objectPrefix;

  /** Preferred multipart part size (-s3-part-size). */
  @Pattern("^[0-9]+(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$")
  @JsonPropertyDescription("Preferred multipart part size (-s3-part-size).")
  private String partSize;

  /** Secret holding the access key pair. */
  @JsonPropertyDescription("Secret holding the access key pair.")
  private S3Credentials credentialsSecret;

  /**
   * Returns bucket.
   *
   * @return the value, may be null
   */
  public String getBucket() {
    return bucket;
  }

  /**
   * Sets bucket.
   *
   * @param bucket the new value
   */
  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  /**
   * Returns region.
   *
   * @return the value, may be null
   */
  public String getRegion() {
    return region;
  }

  /**
   * Sets region.
   *
   * @param region the new value
   */
  public void setRegion(String region) {
    this.region = region;
  }

  /**
   * Returns endpoint.
   *
   * @return the value, may be null
   */
  public String getEndpoint() {
    return endpoint;
  }

  /**
   * Sets endpoint.
   *
   * @param endpoint the new value
   */
  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Returns objectPrefix.
   *
   * @return the value, may be null
   */
  public String getObjectPrefix() {
    return objectPrefix;
  }

  /**
   * Sets objectPrefix.
   *
   * @param objectPrefix the new value
   */
  public void setObjectPrefix(String objectPrefix) {
    this.objectPrefix = objectPrefix;
  }

  /**
   * Returns partSize.
   *
   * @return the value, may be null
   */
  public String getPartSize() {
    return partSize;
  }

  /**
   * Sets partSize.
   *
   * @param partSize the new value
   */
  public void setPartSize(String partSize) {
    this.partSize = partSize;
  }

  /**
   * Returns credentialsSecret.
   *
   * @return the value, may be null
   */
  public S3Credentials getCredentialsSecret() {
    return credentialsSecret;
  }

  /**
   * Sets credentialsSecret.
   *
   * @param credentialsSecret the new value
   */
  public void setCredentialsSecret(S3Credentials credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
