package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How a network hook transport delivers an event: retries, the wait before a retry and the deadline of one call
 * (the server's {@code -hooks-http-*} and {@code -hooks-grpc-*} flags of the same names).
 */
public abstract class HookDelivery {

  /** Retries on failure (-hooks-http-retry, -hooks-grpc-retry). */
  @Min(0)
  @JsonPropertyDescription("Retries on failure (-hooks-http-retry, -hooks-grpc-retry).")
  private Integer retry;

  /** Wait before a retry, 0 for none: constant for HTTP, doubled for each further gRPC retry. */
  @Pattern("^(0|([0-9]{1,9}(ms|s|m|h))+)$")
  @JsonPropertyDescription("Wait before a retry, 0 for none: constant for HTTP (-hooks-http-backoff), doubled for each further gRPC retry (-hooks-grpc-backoff).")
  private String backoff;

  /** Deadline of one hook call, positive (-hooks-http-timeout, -hooks-grpc-timeout). */
  @Pattern("^([0-9]{1,9}(ms|s|m|h))+$")
  @ValidationRule(value = "self.matches('^.*[1-9].*$')", message = "a hook timeout must be positive: the server refuses a zero duration", reason = "FieldValueInvalid")
  @JsonPropertyDescription("Deadline of one hook call, positive (-hooks-http-timeout, -hooks-grpc-timeout).")
  private String timeout;

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
}
