package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Type of the tus Service. Serialised with its Kubernetes spelling; an enum, so the CRD lists the
 * choices.
 */
public enum ServiceType {
  /** {@code ClusterIP}. */
  @JsonProperty("ClusterIP")
  CLUSTER_IP("ClusterIP"),
  /** {@code NodePort}. */
  @JsonProperty("NodePort")
  NODE_PORT("NodePort"),
  /** {@code LoadBalancer}. */
  @JsonProperty("LoadBalancer")
  LOAD_BALANCER("LoadBalancer");

  private final String value;

  ServiceType(String value) {
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
