package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Upload locker: memory (one pod), file (a shared volume), redis or etcd (shared servers). Serialised with its Kubernetes spelling; an enum, so
 * the CRD lists the choices.
 */
public enum LockerType {
  /** {@code memory}. */
  @JsonProperty("memory")
  MEMORY("memory"),
  /** {@code file}. */
  @JsonProperty("file")
  FILE("file"),
  /** {@code redis}: a Redis server shared by every pod. */
  @JsonProperty("redis")
  REDIS("redis"),
  /** {@code etcd}: an etcd cluster shared by every pod. */
  @JsonProperty("etcd")
  ETCD("etcd");

  private final String value;

  LockerType(String value) {
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
