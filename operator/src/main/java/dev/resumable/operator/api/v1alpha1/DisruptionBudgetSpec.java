package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * The PodDisruptionBudget created with more than one replica; at most one of minAvailable and maxUnavailable (default maxUnavailable 1).
 */
@ValidationRule(value = "!(has(self.minAvailable) && has(self.maxUnavailable))", message = "set at most one of disruptionBudget.minAvailable and maxUnavailable", reason = "FieldValueInvalid")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DisruptionBudgetSpec {

  /** Pods (or a percentage) that must stay available during voluntary disruptions. */
  @JsonPropertyDescription("Pods (or a percentage) that must stay available during voluntary disruptions.")
  private IntOrString minAvailable;

  /** Pods (or a percentage) that may be unavailable during voluntary disruptions. Default 1. */
  @JsonPropertyDescription("Pods (or a percentage) that may be unavailable during voluntary disruptions. Default 1.")
  private IntOrString maxUnavailable;

  /**
   * Returns minAvailable.
   *
   * @return the value, may be null
   */
  public IntOrString getMinAvailable() {
    return minAvailable;
  }

  /**
   * Sets minAvailable.
   *
   * @param minAvailable the new value
   */
  public void setMinAvailable(IntOrString minAvailable) {
    this.minAvailable = minAvailable;
  }

  /**
   * Returns maxUnavailable.
   *
   * @return the value, may be null
   */
  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  /**
   * Sets maxUnavailable.
   *
   * @param maxUnavailable the new value
   */
  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }
}
