package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.ServiceMonitorSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.api.monitoring.ServiceMonitor;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired Prometheus Operator ServiceMonitor ({@code monitoring.coreos.com/v1}), as an untyped resource. */
public final class DesiredServiceMonitor {

  private DesiredServiceMonitor() {
  }

  /**
   * Builds the desired ServiceMonitor.
   *
   * @param server the TusServer
   * @return the ServiceMonitor
   */
  public static ServiceMonitor build(TusServer server) {
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
    Map<String, String> selector = new LinkedHashMap<>(Names.selectorLabels(server));
    selector.put("app.kubernetes.io/component", "metrics");
    spec.put("selector", Map.of("matchLabels", selector));
    spec.put("endpoints", List.of(endpoint));
    ServiceMonitor serviceMonitor = new ServiceMonitor();
    serviceMonitor.setMetadata(new ObjectMetaBuilder()
        .withName(Names.workload(server))
        .withNamespace(server.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(new LinkedHashMap<>())
        .build());
    serviceMonitor.setAdditionalProperty("spec", spec);
    return serviceMonitor;
  }
}
