package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.ServiceMonitorSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired Prometheus Operator ServiceMonitor ({@code monitoring.coreos.com/v1}), as an untyped resource. */
public final class DesiredServiceMonitor {

  /** API group of the ServiceMonitor. */
  public static final String GROUP = "monitoring.coreos.com";
  /** API version of the ServiceMonitor. */
  public static final String VERSION = "v1";
  /** Kind of the ServiceMonitor. */
  public static final String KIND = "ServiceMonitor";
  /** Plural of the ServiceMonitor. */
  public static final String PLURAL = "servicemonitors";

  private DesiredServiceMonitor() {
  }

  /**
   * Builds the desired ServiceMonitor.
   *
   * @param server the TusServer
   * @return the ServiceMonitor
   */
  public static GenericKubernetesResource build(TusServer server) {
    ServiceMonitorSpec monitor = Effective.metrics(server).getServiceMonitor();
    Map<String, String> labels = new LinkedHashMap<>();
    if (monitor != null && monitor.getLabels() != null) {
      labels.putAll(monitor.getLabels());
    }
    labels.putAll(Names.labels(server));
    String interval = monitor == null || monitor.getInterval() == null ? "30s" : monitor.getInterval();
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", "metrics");
    endpoint.put("path", "/metrics");
    endpoint.put("interval", interval);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("selector", Map.of("matchLabels", new LinkedHashMap<>(Names.selectorLabels(server))));
    spec.put("endpoints", List.of(endpoint));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/" + VERSION)
        .withKind(KIND)
        .withNewMetadata()
          .withName(Names.workload(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(labels)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }
}
