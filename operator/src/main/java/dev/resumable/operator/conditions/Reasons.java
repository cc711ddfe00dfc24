package dev.resumable.operator.conditions;

/** Condition types and reasons the operator writes into {@code status.conditions}. */
public final class Reasons {

  /** Condition type: the server serves uploads with the current spec. */
  public static final String READY = "Ready";
  /** Condition type: a rollout is under way. */
  public static final String PROGRESSING = "Progressing";
  /** Condition type: something needs attention (the server may still be serving). */
  public static final String DEGRADED = "Degraded";

  /** Every ready replica runs the current spec. */
  public static final String AVAILABLE = "Available";
  /** Replicas are 0 on purpose. */
  public static final String SCALED_TO_ZERO = "ScaledToZero";
  /** Pods of the current spec are starting or not ready yet. */
  public static final String ROLLING_OUT = "RollingOut";
  /** The rollout is complete. */
  public static final String ROLLOUT_COMPLETE = "RolloutComplete";
  /** The operator's new default image waits for another TusServer of the namespace to finish rolling out. */
  public static final String UPGRADE_QUEUED = "UpgradeQueued";
  /** Nothing is wrong. */
  public static final String AS_EXPECTED = "AsExpected";
  /** The spec fails the operator's validation; nothing was changed. */
  public static final String INVALID_SPEC = "InvalidSpec";
  /** The spec would run more than one replica on a store or locker that cannot be shared. */
  public static final String UNSAFE_CONFIGURATION = "UnsafeConfiguration";
  /** A Secret the spec references is missing, or lacks a key. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  /** A ConfigMap the spec references is missing. */
  public static final String CONFIG_MAP_NOT_FOUND = "ConfigMapNotFound";
  /** A ServiceMonitor was asked for but monitoring.coreos.com/v1 is not served. */
  public static final String SERVICE_MONITOR_API_UNAVAILABLE = "ServiceMonitorApiUnavailable";
  /** metrics.prometheusRule.enabled without the PrometheusRule API. */
  public static final String PROMETHEUS_RULE_API_UNAVAILABLE = "PrometheusRuleApiUnavailable";
  /** A larger storage.file.size was asked for but the claim's StorageClass does not allow volume expansion. */
  public static final String STORAGE_NOT_EXPANDABLE = "StorageNotExpandable";
  /** Creating or updating a dependent object failed. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  private Reasons() {
  }
}
