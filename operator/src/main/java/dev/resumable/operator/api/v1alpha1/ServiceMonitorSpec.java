package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/**
 * A monitoring.coreos.com/v1 ServiceMonitor, created only when that API exists.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceMonitorSpec {

  /** Create a ServiceMonitor. Default false. */
  @Default("false")
  @JsonPropertyDescription("Create a ServiceMonitor. Default false.")
  private Boolean enabled = false;

  /** Scrape interval. Default 30s. */
  @Pattern("^(0|([0-9]+(ms|s|m|h))+)$")
  @Default("30s")
  @JsonPropertyDescription("Scrape interval. Default 30s.")
  private String interval = "30s";

  /** Extra labels, e.g. the release label your Prometheus selects. */
  @JsonPropertyDescription("Extra labels, e.g. the release label your Prometheus selects.")
  private Map<String, String> labels;

  /**
   * Returns enabled.
   *
   * @return the value, may be null
   */
  public Boolean getEnabled() {
    return enabled;
  }

  /**
   * Sets enabled.
   *
   * @param enabled the new value
   */
  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns interval.
   *
   * @return the value, may be null
   */
  public String getInterval() {
    return interval;
  }

  /**
   * Sets interval.
   *
   * @param interval the new value
   */
  public void setInterval(String interval) {
    this.interval = interval;
  }

  /**
   * Returns labels.
   *
   * @return the value, may be null
   */
  public Map<String, String> getLabels() {
    return labels;
  }

  /**
   * Sets labels.
   *
   * @param labels the new value
   */
  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }
}
