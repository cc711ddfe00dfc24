package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Prometheus metrics.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {

  /** Expose metrics (-expose-metrics). Default true. */
  @Default("true")
  @JsonPropertyDescription("Expose metrics (-expose-metrics). Default true.")
  private Boolean enabled = true;

  /** Separate metrics port (-metrics-port), kept off the Ingress. Default 9090. */
  @Min(1)
  @Max(65535)
  @Default("9090")
  @JsonPropertyDescription("Separate metrics port (-metrics-port), kept off the Ingress. Default 9090.")
  private Integer port = 9090;

  /** Prometheus Operator ServiceMonitor. */
  @JsonPropertyDescription("Prometheus Operator ServiceMonitor.")
  private ServiceMonitorSpec serviceMonitor;

  /** Prometheus Operator PrometheusRule with the server's alerts. */
  @JsonPropertyDescription("Prometheus Operator PrometheusRule with the server's alerts.")
  private PrometheusRuleSpec prometheusRule;

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
   * Returns port.
   *
   * @return the value, may be null
   */
  public Integer getPort() {
    return port;
  }

  /**
   * Sets port.
   *
   * @param port the new value
   */
  public void setPort(Integer port) {
    this.port = port;
  }

  /**
   * Returns serviceMonitor.
   *
   * @return the value, may be null
   */
  public ServiceMonitorSpec getServiceMonitor() {
    return serviceMonitor;
  }

  /**
   * Sets serviceMonitor.
   *
   * @param serviceMonitor the new value
   */
  public void setServiceMonitor(ServiceMonitorSpec serviceMonitor) {
    this.serviceMonitor = serviceMonitor;
  }

  /**
   * Returns prometheusRule.
   *
   * @return the value, may be null
   */
  public PrometheusRuleSpec getPrometheusRule() {
    return prometheusRule;
  }

  /**
   * Sets prometheusRule.
   *
   * @param prometheusRule the new value
   */
  public void setPrometheusRule(PrometheusRuleSpec prometheusRule) {
    this.prometheusRule = prometheusRule;
  }
}
