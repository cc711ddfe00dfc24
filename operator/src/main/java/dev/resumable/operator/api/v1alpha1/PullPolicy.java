package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Image pull policy. Serialised with its Kubernetes spelling; an enum, so the CRD lists the
 * choices.
 */
public enum PullPolicy {
  /** {@code Always}. */
  @JsonProperty("Always")
  ALWAYS("Always"),
  /** {@code IfNotPresent}. */
  @JsonProperty("IfNotPresent")
  IF_NOT_PRESENT("IfNotPresent"),
  /** {@code Never}. */
  @JsonProperty("Never")
  NEVER("Never");

  private final String value;

  PullPolicy(String value) {
    this.value = value;
  }

  /**
   * The value as written in a manifest.
   *
   * @return the value
   */
  public String value() {
    return value;
  }
}
