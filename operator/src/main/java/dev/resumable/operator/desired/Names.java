package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.TusServer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels of the objects the operator creates for a TusServer. */
public final class Names {

  /** Label value of app.kubernetes.io/managed-by on every object the operator creates. */
  public static final String MANAGED_BY = "tus-operator";
  /** Label selector matching every object the operator creates (used to narrow informers). */
  public static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=" + MANAGED_BY;
  /** Pod-template annotation holding the hash of every referenced Secret and ConfigMap. */
  public static final String CONFIG_HASH_ANNOTATION = "resumable.dev/config-hash";
  /** Name of the server container. */
  public static final String CONTAINER = "tus-server";
  /** Key of the signing key inside the signing-key Secret. */
  public static final String SIGNING_KEY_KEY = "signing-key";

  private Names() {
  }

  /**
   * Name of the Deployment, Service, Ingress, PodDisruptionBudget and ServiceMonitor.
   *
   * @param server the TusServer
   * @return the name
   */
  public static String workload(TusServer server) {
    return server.getMetadata().getName();
  }

  /**
   * Name of the ClusterIP Service in front of the metrics port.
   *
   * @param server the TusServer
   * @return the name
   */
  public static String metricsService(TusServer server) {
    return server.getMetadata().getName() + "-metrics";
  }

  /**
   * Labels of the metrics Service; the ServiceMonitor selects on them.
   *
   * @param server the TusServer
   * @return a new mutable map
   */
  public static Map<String, String> metricsServiceLabels(TusServer server) {
    Map<String, String> labels = labels(server);
    labels.put("app.kubernetes.io/component", "metrics");
    return labels;
  }

  /**
   * Name of the claim holding the post-finish outbox (S3 with hooks.outbox).
   *
   * @param server the TusServer
   * @return the name
   */
  public static String outboxClaim(TusServer server) {
    return server.getMetadata().getName() + "-hook-outbox";
  }

  /**
   * Name of the claim the operator creates for file storage.
   *
   * @param server the TusServer
   * @return the name
   */
  public static String dataClaim(TusServer server) {
    return server.getMetadata().getName() + "-data";
  }

  /**
   * Name of the Secret holding the generated HTTP-hook signing key.
   *
   * @param server the TusServer
   * @return the name
   */
  public static String signingKeySecret(TusServer server) {
    return server.getMetadata().getName() + "-hook-signing-key";
  }

  /**
   * Labels selecting the pods of one TusServer.
   *
   * @param server the TusServer
   * @return immutable selector labels
   */
  public static Map<String, String> selectorLabels(TusServer server) {
    return Map.of("app.kubernetes.io/name", "tus-server", "app.kubernetes.io/instance", workload(server));
  }

  /**
   * Labels on every object the operator creates.
   *
   * @param server the TusServer
   * @return a new mutable map
   */
  public static Map<String, String> labels(TusServer server) {
    Map<String, String> labels = new LinkedHashMap<>(selectorLabels(server));
    labels.put("app.kubernetes.io/component", "server");
    labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
    return labels;
  }
}
