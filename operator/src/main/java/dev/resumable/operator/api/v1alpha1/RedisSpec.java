package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * The Redis of locker: redis (-redis-url). Credentials never appear in the URL: they come from credentialsSecret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisSpec {

  /** Redis address without credentials: redis://host:port or redis://host:port/db. */
  @Required
  @Pattern("^rediss?://[^@/\\s]+(/[0-9]{1,2})?$")
  @JsonPropertyDescription("Redis address without credentials: redis://host:port or redis://host:port/db.")
  private String url;

  /** Speak TLS to Redis (rediss://). Default false. */
  @Default("false")
  @JsonPropertyDescription("Speak TLS to Redis (rediss://). Default false.")
  private Boolean tls = false;

  /** Secret with the Redis password (and ACL user name); the password must be URL-safe or percent-encoded. */
  @JsonPropertyDescription("Secret with the Redis password (and ACL user name); the password must be URL-safe or percent-encoded.")
  private LockerCredentials credentialsSecret;

  /**
   * Returns url.
   *
   * @return the value, may be null
   */
  public String getUrl() {
    return url;
  }

  /**
   * Sets url.
   *
   * @param url the new value
   */
  public void setUrl(String url) {
    this.url = url;
  }

  /**
   * Returns tls.
   *
   * @return the value, may be null
   */
  public Boolean getTls() {
    return tls;
  }

  /**
   * Sets tls.
   *
   * @param tls the new value
   */
  public void setTls(Boolean tls) {
    this.tls = tls;
  }

  /**
   * Returns credentialsSecret.
   *
   * @return the value, may be null
   */
  public LockerCredentials getCredentialsSecret() {
    return credentialsSecret;
  }

  /**
   * Sets credentialsSecret.
   *
   * @param credentialsSecret the new value
   */
  public void setCredentialsSecret(LockerCredentials credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
