package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A gRPC hook receiver (tusd v2's HookHandler service). With tlsSecret the server speaks TLS, trusting the Secret's CA
 * and, with certKey and keyKey, authenticating with its client certificate; the Secret is mounted read-only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrpcHook {

  /** Receiver as HOST:PORT (-hooks-grpc). */
  @Required
  @Pattern("^[^/\\s]+:[0-9]{1,5}$")
  @JsonPropertyDescription("Receiver as HOST:PORT (-hooks-grpc).")
  private String address;

  /** Retries on failure (-hooks-grpc-retry). */
  @Min(0)
  @JsonPropertyDescription("Retries on failure (-hooks-grpc-retry).")
  private Integer retry;

  /** Wait before the first retry, doubled for each further one (-hooks-grpc-backoff). */
  @Pattern("^(0|([0-9]{1,9}(ms|s|m|h))+)$")
  @JsonPropertyDescription("Wait before the first retry, doubled for each further one (-hooks-grpc-backoff).")
  private String backoff;

  /** Deadline of one hook call (-hooks-grpc-timeout). */
  @Pattern("^([0-9]{1,9}(ms|s|m|h))+$")
  @ValidationRule(value = "self.matches('^.*[1-9].*$')", message = "hooks.grpc.timeout must be positive: the server refuses a zero duration", reason = "FieldValueInvalid")
  @JsonPropertyDescription("Deadline of one hook call (-hooks-grpc-timeout).")
  private String timeout;

  /** Secret with the CA (and client certificate and key) for TLS to the receiver (-hooks-grpc-secure). */
  @JsonPropertyDescription("Secret with the CA (and client certificate and key) for TLS to the receiver (-hooks-grpc-secure).")
  private TlsSecret tlsSecret;

  /**
   * Returns address.
   *
   * @return the value, may be null
   */
  public String getAddress() {
    return address;
  }

  /**
   * Sets address.
   *
   * @param address the new value
   */
  public void setAddress(String address) {
    this.address = address;
  }

  /**
   * Returns retry.
   *
   * @return the value, may be null
   */
  public Integer getRetry() {
    return retry;
  }

  /**
   * Sets retry.
   *
   * @param retry the new value
   */
  public void setRetry(Integer retry) {
    this.retry = retry;
  }

  /**
   * Returns backoff.
   *
   * @return the value, may be null
   */
  public String getBackoff() {
    return backoff;
  }

  /**
   * Sets backoff.
   *
   * @param backoff the new value
   */
  public void setBackoff(String backoff) {
    this.backoff = backoff;
  }

  /**
   * Returns timeout.
   *
   * @return the value, may be null
   */
  public String getTimeout() {
    return timeout;
  }

  /**
   * Sets timeout.
   *
   * @param timeout the new value
   */
  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  /**
   * Returns tlsSecret.
   *
   * @return the value, may be null
   */
  public TlsSecret getTlsSecret() {
    return tlsSecret;
  }

  /**
   * Sets tlsSecret.
   *
   * @param tlsSecret the new value
   */
  public void setTlsSecret(TlsSecret tlsSecret) {
    this.tlsSecret = tlsSecret;
  }
}
