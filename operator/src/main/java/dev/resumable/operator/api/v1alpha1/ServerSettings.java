package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/**
 * tus server settings; each maps to one server flag.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerSettings {

  /** Base path of the upload endpoint (-base-path), e.g. /files/. */
  @Pattern("^/([^\\s]*/)?$")
  @JsonPropertyDescription("Base path of the upload endpoint (-base-path), e.g. /files/.")
  private String basePath;

  /** Maximum upload size in bytes or with a unit such as 10GiB (-max-size). */
  @Pattern("^[0-9]+(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$")
  @JsonPropertyDescription("Maximum upload size in bytes or with a unit such as 10GiB (-max-size).")
  private String maxSize;

  /** Maximum total size of the store (-store-size). */
  @Pattern("^[0-9]+(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$")
  @JsonPropertyDescription("Maximum total size of the store (-store-size).")
  private String storeSize;

  /** Expire unfinished uploads after this duration, 0 = never (-expiration). */
  @Pattern("^(0|([0-9]{1,9}(ms|s|m|h))+)$")
  @JsonPropertyDescription("Expire unfinished uploads after this duration, 0 = never (-expiration).")
  private String expiration;

  /** Disable GET downloads (-disable-download). */
  @JsonPropertyDescription("Disable GET downloads (-disable-download).")
  private Boolean disableDownload;

  /** Disable DELETE termination (-disable-termination). */
  @JsonPropertyDescription("Disable DELETE termination (-disable-termination).")
  private Boolean disableTermination;

  /** Disable the concatenation extension (-disable-concatenation). */
  @JsonPropertyDescription("Disable the concatenation extension (-disable-concatenation).")
  private Boolean disableConcatenation;

  /** Read/write timeout of client connections (-network-timeout). */
  @Pattern("^([0-9]{1,9}(ms|s|m|h))+$")
  @ValidationRule(value = "self.matches('^.*[1-9].*$')", message = "server.networkTimeout must be positive: the server refuses a zero duration", reason = "FieldValueInvalid")
  @JsonPropertyDescription("Read/write timeout of client connections (-network-timeout).")
  private String networkTimeout;

  /** How long to wait for an upload lock (-acquire-lock-timeout). */
  @Pattern("^([0-9]{1,9}(ms|s|m|h))+$")
  @ValidationRule(value = "self.matches('^.*[1-9].*$')", message = "server.acquireLockTimeout must be positive: the server refuses a zero duration", reason = "FieldValueInvalid")
  @JsonPropertyDescription("How long to wait for an upload lock (-acquire-lock-timeout).")
  private String acquireLockTimeout;

  /** Trust X-Forwarded-* headers (-behind-proxy); always on when an ingress is set. */
  @JsonPropertyDescription("Trust X-Forwarded-* headers (-behind-proxy); always on when an ingress is set.")
  private Boolean behindProxy;

  /** CORS settings. */
  @JsonPropertyDescription("CORS settings.")
  private CorsSpec cors;

  /** Extra server arguments appended after the generated ones. */
  @JsonPropertyDescription("Extra server arguments appended after the generated ones.")
  private List<String> extraArgs;

  /** Extra environment variables for the server container. */
  @JsonPropertyDescription("Extra environment variables for the server container.")
  private List<EnvVar> env;

  /** How long running requests may finish after SIGTERM (-shutdown-timeout); the pod's grace period adds the preStop delay and a margin. Default 10s. */
  @Pattern("^(0|([0-9]{1,9}(ms|s|m|h))+)$")
  @JsonPropertyDescription("How long running requests may finish after SIGTERM (-shutdown-timeout); the pod's grace period adds the preStop delay and a margin. Default 10s.")
  private String shutdownTimeout;

  /** Serve the welcome page at GET / (-show-greeting). Default true. */
  @JsonPropertyDescription("Serve the welcome page at GET / (-show-greeting). Default true.")
  private Boolean showGreeting;

  /**
   * Returns basePath.
   *
   * @return the value, may be null
   */
  public String getBasePath() {
    return basePath;
  }

  /**
   * Sets basePath.
   *
   * @param basePath the new value
   */
  public void setBasePath(String basePath) {
    this.basePath = basePath;
  }

  /**
   * Returns maxSize.
   *
   * @return the value, may be null
   */
  public String getMaxSize() {
    return maxSize;
  }

  /**
   * Sets maxSize.
   *
   * @param maxSize the new value
   */
  public void setMaxSize(String maxSize) {
    this.maxSize = maxSize;
  }

  /**
   * Returns storeSize.
   *
   * @return the value, may be null
   */
  public String getStoreSize() {
    return storeSize;
  }

  /**
   * Sets storeSize.
   *
   * @param storeSize the new value
   */
  public void setStoreSize(String storeSize) {
    this.storeSize = storeSize;
  }

  /**
   * Returns expiration.
   *
   * @return the value, may be null
   */
  public String getExpiration() {
    return expiration;
  }

  /**
   * Sets expiration.
   *
   * @param expiration the new value
   */
  public void setExpiration(String expiration) {
    this.expiration = expiration;
  }

  /**
   * Returns disableDownload.
   *
   * @return the value, may be null
   */
  public Boolean getDisableDownload() {
    return disableDownload;
  }

  /**
   * Sets disableDownload.
   *
   * @param disableDownload the new value
   */
  public void setDisableDownload(Boolean disableDownload) {
    this.disableDownload = disableDownload;
  }

  /**
   * Returns disableTermination.
   *
   * @return the value, may be null
   */
  public Boolean getDisableTermination() {
    return disableTermination;
  }

  /**
   * Sets disableTermination.
   *
   * @param disableTermination the new value
   */
  public void setDisableTermination(Boolean disableTermination) {
    this.disableTermination = disableTermination;
  }

  /**
   * Returns disableConcatenation.
   *
   * @return the value, may be null
   */
  public Boolean getDisableConcatenation() {
    return disableConcatenation;
  }

  /**
   * Sets disableConcatenation.
   *
   * @param disableConcatenation the new value
   */
  public void setDisableConcatenation(Boolean disableConcatenation) {
    this.disableConcatenation = disableConcatenation;
  }

  /**
   * Returns networkTimeout.
   *
   * @return the value, may be null
   */
  public String getNetworkTimeout() {
    return networkTimeout;
  }

  /**
   * Sets networkTimeout.
   *
   * @param networkTimeout the new value
   */
  public void setNetworkTimeout(String networkTimeout) {
    this.networkTimeout = networkTimeout;
  }

  /**
   * Returns acquireLockTimeout.
   *
   * @return the value, may be null
   */
  public String getAcquireLockTimeout() {
    return acquireLockTimeout;
  }

  /**
   * Sets acquireLockTimeout.
   *
   * @param acquireLockTimeout the new value
   */
  public void setAcquireLockTimeout(String acquireLockTimeout) {
    this.acquireLockTimeout = acquireLockTimeout;
  }

  /**
   * Returns behindProxy.
   *
   * @return the value, may be null
   */
  public Boolean getBehindProxy() {
    return behindProxy;
  }

  /**
   * Sets behindProxy.
   *
   * @param behindProxy the new value
   */
  public void setBehindProxy(Boolean behindProxy) {
    this.behindProxy = behindProxy;
  }

  /**
   * Returns cors.
   *
   * @return the value, may be null
   */
  public CorsSpec getCors() {
    return cors;
  }

  /**
   * Sets cors.
   *
   * @param cors the new value
   */
  public void setCors(CorsSpec cors) {
    this.cors = cors;
  }

  /**
   * Returns extraArgs.
   *
   * @return the value, may be null
   */
  public List<String> getExtraArgs() {
    return extraArgs;
  }

  /**
   * Sets extraArgs.
   *
   * @param extraArgs the new value
   */
  public void setExtraArgs(List<String> extraArgs) {
    this.extraArgs = extraArgs;
  }

  /**
   * Returns env.
   *
   * @return the value, may be null
   */
  public List<EnvVar> getEnv() {
    return env;
  }

  /**
   * Sets env.
   *
   * @param env the new value
   */
  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  /**
   * Returns shutdownTimeout.
   *
   * @return the value, may be null
   */
  public String getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Sets shutdownTimeout.
   *
   * @param shutdownTimeout the new value
   */
  public void setShutdownTimeout(String shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * Returns showGreeting.
   *
   * @return the value, may be null
   */
  public Boolean getShowGreeting() {
    return showGreeting;
  }

  /**
   * Sets showGreeting.
   *
   * @param showGreeting the new value
   */
  public void setShowGreeting(Boolean showGreeting) {
    this.showGreeting = showGreeting;
  }
}
