package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.api.monitoring.ServiceMonitor;
import dev.resumable.operator.conditions.Reasons;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** With the Prometheus Operator's CRD present, the ServiceMonitor is created, and removed when disabled. */
class ServiceMonitorTest extends OperatorHarness {

  @Override
  void beforeOperatorStarts() {
    installServiceMonitorApi();
  }

  @Test
  void serviceMonitorIsCreatedWhenTheApiExistsAndDeletedWhenDisabled() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: mon}
        spec:
          storage: {file: {}}
          metrics:
            serviceMonitor: {enabled: true, interval: 15s, labels: {release: prometheus, team: uploads}}
        """);
    eventually().until(() -> serviceMonitor() != null);
    ServiceMonitor monitor = serviceMonitor();
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
    assertThat((List<?>) spec.get("endpoints")).singleElement()
        .isEqualTo(Map.of("port", "metrics", "path", "/metrics", "interval", "15s"));
    assertThat(monitor.getMetadata().getOwnerReferences()).hasSize(1);
    eventually().until(() -> conditionIs("mon", Reasons.DEGRADED, "False", Reasons.AS_EXPECTED));
    @SuppressWarnings("unchecked")
    Map<String, Object> selector = (Map<String, Object>) spec.get("selector");
    assertThat(selector.get("matchLabels")).as("selects the metrics Service only")
        .isEqualTo(client.services().inNamespace(NS).withName("mon-metrics").get().getMetadata().getLabels()
            .entrySet().stream().filter(e -> !e.getKey().equals("app.kubernetes.io/managed-by"))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));

    editTus("mon", t -> {
      t.getSpec().getMetrics().getServiceMonitor().getLabels().remove("team");
      return t;
    });
    eventually().until(() -> !serviceMonitor().getMetadata().getLabels().containsKey("team"));
    assertThat(serviceMonitor().getMetadata().getLabels()).containsEntry("release", "prometheus");

    editTus("mon", t -> {
      t.getSpec().getMetrics().getServiceMonitor().setEnabled(false);
      return t;
    });
    eventually().until(() -> serviceMonitor() == null);
  }

  private ServiceMonitor serviceMonitor() {
    return client.resources(ServiceMonitor.class).inNamespace(NS).withName("mon").get();
  }
}
