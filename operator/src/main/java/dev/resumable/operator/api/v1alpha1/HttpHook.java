package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * HTTP hook receiver settings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpHook {

  /** Receiver URL (-hooks-http). */
  @Required
  @Pattern("^https?://.+")
  @JsonPropertyDescription("Receiver URL (-hooks-http).")
  private String url;

  /** Retries on failure (-hooks-http-retry). */
  @Min(0)
  @JsonPropertyDescription("Retries on failure (-hooks-http-retry).")
  private Integer retry;

  /** Wait between retries (-hooks-http-backoff). */
  @Pattern("^(0|([0-9]{1,9}(ms|s|m|h))+)$")
  @JsonPropertyDescription("Wait between retries (-hooks-http-backoff).")
  private String backoff;

  /** Timeout of one hook request (-hooks-http-timeout). */
  @Pattern("^([0-9]{1,9}(ms|s|m|h))+$")
  @ValidationRule(value = "self.matches('^.*[1-9].*$')", message = "hooks.http.timeout must be positive: the server refuses a zero duration", reason = "FieldValueInvalid")
  @JsonPropertyDescription("Timeout of one hook request (-hooks-http-timeout).")
  private String timeout;

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
