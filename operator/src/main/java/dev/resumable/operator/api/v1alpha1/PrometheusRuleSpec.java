package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Map;

/**
 * A monitoring.coreos.com/v1 PrometheusRule with the server's alerts, created only when that API exists.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusRuleSpec {

  /** Create a PrometheusRule. Default false. */
  @Default("false")
  @JsonPropertyDescription("Create a PrometheusRule. Default false.")
  private Boolean enabled = false;

  /** Extra labels, e.g. the label your Prometheus' ruleSelector matches. */
  @JsonPropertyDescription("Extra labels, e.g. the label your Prometheus' ruleSelector matches.")
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
