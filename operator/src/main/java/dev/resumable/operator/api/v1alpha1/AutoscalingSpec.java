package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on the TusServer's scale subresource; only where replicas can share uploads.
 */
@ValidationRule(value = "!has(self.minReplicas) || self.minReplicas <= self.maxReplicas", message = "autoscaling.minReplicas must not exceed maxReplicas", reason = "FieldValueInvalid")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalingSpec {

  /** Fewest pods. Default 2. */
  @Min(1)
  @Default("2")
  @JsonPropertyDescription("Fewest pods. Default 2.")
  private Integer minReplicas = 2;

  /** Most pods. */
  @Required
  @Min(1)
  @JsonPropertyDescription("Most pods.")
  private Integer maxReplicas;

  /** Target average CPU utilisation in percent of the request. Default 80 when no target is set. */
  @Min(1)
  @JsonPropertyDescription("Target average CPU utilisation in percent of the request. Default 80 when no target is set.")
  private Integer targetCPUUtilization;

  /** Target average of tus_uploads_active per pod (a Pods metric: needs prometheus-adapter or another custom-metrics API). */
  @Min(1)
  @JsonPropertyDescription("Target average of tus_uploads_active per pod (a Pods metric: needs prometheus-adapter or another custom-metrics API).")
  private Integer targetActiveUploadsPerPod;

  /**
   * Returns minReplicas.
   *
   * @return the value, may be null
   */
  public Integer getMinReplicas() {
    return minReplicas;
  }

  /**
   * Sets minReplicas.
   *
   * @param minReplicas the new value
   */
  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  /**
   * Returns maxReplicas.
   *
   * @return the value, may be null
   */
  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  /**
   * Sets maxReplicas.
   *
   * @param maxReplicas the new value
   */
  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  /**
   * Returns targetCPUUtilization.
   *
   * @return the value, may be null
   */
  public Integer getTargetCPUUtilization() {
    return targetCPUUtilization;
  }

  /**
   * Sets targetCPUUtilization.
   *
   * @param targetCPUUtilization the new value
   */
  public void setTargetCPUUtilization(Integer targetCPUUtilization) {
    this.targetCPUUtilization = targetCPUUtilization;
  }

  /**
   * Returns targetActiveUploadsPerPod.
   *
   * @return the value, may be null
   */
  public Integer getTargetActiveUploadsPerPod() {
    return targetActiveUploadsPerPod;
  }

  /**
   * Sets targetActiveUploadsPerPod.
   *
   * @param targetActiveUploadsPerPod the new value
   */
  public void setTargetActiveUploadsPerPod(Integer targetActiveUploadsPerPod) {
    this.targetActiveUploadsPerPod = targetActiveUploadsPerPod;
  }
}
