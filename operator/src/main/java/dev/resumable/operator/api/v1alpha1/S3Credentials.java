package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * Reference to a Secret in the TusServer's namespace holding an S3 access key pair.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Credentials {

  /** Name of the Secret. */
  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  /** Key of the access key id in the Secret. */
  @Default("AWS_ACCESS_KEY_ID")
  @JsonPropertyDescription("Key of the access key id in the Secret.")
  private String accessKeyIdKey = "AWS_ACCESS_KEY_ID";

  /** Key of the secret access key in the Secret. */
  @Default("AWS_SECRET_ACCESS_KEY")
  @JsonPropertyDescription("Key of the secret access key in the Secret.")
  private String secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

  /**
   * Returns name.
   *
   * @return the value, may be null
   */
  public String getName() {
    return name;
  }

  /**
   * Sets name.
   *
   * @param name the new value
   */
  public void setName(String name) {
    this.name = name;
  }

  /**
   * Returns accessKeyIdKey.
   *
   * @return the value, may be null
   */
  public String getAccessKeyIdKey() {
    return accessKeyIdKey;
  }

  /**
   * Sets accessKeyIdKey.
   *
   * @param accessKeyIdKey the new value
   */
  public void setAccessKeyIdKey(String accessKeyIdKey) {
    this.accessKeyIdKey = accessKeyIdKey;
  }

  /**
   * Returns secretAccessKeyKey.
   *
   * @return the value, may be null
   */
  public String getSecretAccessKeyKey() {
    return secretAccessKeyKey;
  }

  /**
   * Sets secretAccessKeyKey.
   *
   * @param secretAccessKeyKey the new value
   */
  public void setSecretAccessKeyKey(String secretAccessKeyKey) {
    this.secretAccessKeyKey = secretAccessKeyKey;
  }
}
