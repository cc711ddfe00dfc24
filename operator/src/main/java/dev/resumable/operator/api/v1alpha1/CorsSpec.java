package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * CORS settings of the server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CorsSpec {

  /** Disable CORS handling (-disable-cors). */
  @JsonPropertyDescription("Disable CORS handling (-disable-cors).")
  private Boolean disabled;

  /** Regular expression of allowed origins (-cors-allow-origin). */
  @JsonPropertyDescription("Regular expression of allowed origins (-cors-allow-origin).")
  private String allowOrigin;

  /** Allow credentials (-cors-allow-credentials). */
  @JsonPropertyDescription("Allow credentials (-cors-allow-credentials).")
  private Boolean allowCredentials;

  /** Allowed methods (-cors-allow-methods). */
  @JsonPropertyDescription("Allowed methods (-cors-allow-methods).")
  private String allowMethods;

  /** Allowed headers (-cors-allow-headers). */
  @JsonPropertyDescription("Allowed headers (-cors-allow-headers).")
  private String allowHeaders;

  /** Extra exposed headers (-cors-expose-headers). */
  @JsonPropertyDescription("Extra exposed headers (-cors-expose-headers).")
  private String exposeHeaders;

  /** Preflight cache time in seconds (-cors-max-age). */
  @Min(0)
  @JsonPropertyDescription("Preflight cache time in seconds (-cors-max-age).")
  private Integer maxAge;

  /**
   * Returns disabled.
   *
   * @return the value, may be null
   */
  public Boolean getDisabled() {
    return disabled;
  }

  /**
   * Sets disabled.
   *
   * @param disabled the new value
   */
  public void setDisabled(Boolean disabled) {
    this.disabled = disabled;
  }

  /**
   * Returns allowOrigin.
   *
   * @return the value, may be null
   */
  public String getAllowOrigin() {
    return allowOrigin;
  }

  /**
   * Sets allowOrigin.
   *
   * @param allowOrigin the new value
   */
  public void setAllowOrigin(String allowOrigin) {
    this.allowOrigin = allowOrigin;
  }

  /**
   * Returns allowCredentials.
   *
   * @return the value, may be null
   */
  public Boolean getAllowCredentials() {
    return allowCredentials;
  }

  /**
   * Sets allowCredentials.
   *
   * @param allowCredentials the new value
   */
  public void setAllowCredentials(Boolean allowCredentials) {
    this.allowCredentials = allowCredentials;
  }

  /**
   * Returns allowMethods.
   *
   * @return the value, may be null
   */
  public String getAllowMethods() {
    return allowMethods;
  }

  /**
   * Sets allowMethods.
   *
   * @param allowMethods the new value
   */
  public void setAllowMethods(String allowMethods) {
    this.allowMethods = allowMethods;
  }

  /**
   * Returns allowHeaders.
   *
   * @return the value, may be null
   */
  public String getAllowHeaders() {
    return allowHeaders;
  }

  /**
   * Sets allowHeaders.
   *
   * @param allowHeaders the new value
   */
  public void setAllowHeaders(String allowHeaders) {
    this.allowHeaders = allowHeaders;
  }

  /**
   * Returns exposeHeaders.
   *
   * @return the value, may be null
   */
  public String getExposeHeaders() {
    return exposeHeaders;
  }

  /**
   * Sets exposeHeaders.
   *
   * @param exposeHeaders the new value
   */
  public void setExposeHeaders(String exposeHeaders) {
    this.exposeHeaders = exposeHeaders;
  }

  /**
   * Returns maxAge.
   *
   * @return the value, may be null
   */
  public Integer getMaxAge() {
    return maxAge;
  }

  /**
   * Sets maxAge.
   *
   * @param maxAge the new value
   */
  public void setMaxAge(Integer maxAge) {
    this.maxAge = maxAge;
  }
}
