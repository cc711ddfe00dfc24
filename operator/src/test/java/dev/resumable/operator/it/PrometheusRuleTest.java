package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.desired.DesiredPrometheusRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the Prometheus Operator's PrometheusRule API present, the alert rules are created, and removed when disabled. */
class PrometheusRuleTest extends OperatorHarness {

  @Override
  void beforeOperatorStarts() {
    installPrometheusRuleApi();
  }

  @Test
  void prometheusRuleCarriesTheShippedAlertsWhileEnabled() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: alerts}
        spec:
          storage: {file: {}}
          metrics: {prometheusRule: {enabled: true, labels: {release: prometheus}}}
        """);
    eventually().until(() -> rule() != null);
    PrometheusRule rule = rule();
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus")
        .containsEntry("app.kubernetes.io/instance", "alerts");
    assertThat(rule.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("TusServer"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> groups =
        (List<Map<String, Object>>) ((Map<String, Object>) rule.getAdditionalProperties().get("spec")).get("groups");
    assertThat(groups).isNotEmpty();
    assertThat(String.valueOf(groups)).contains("TusServerDown").contains("tusd_errors_total");
    System.out.println("embedded rule file: " + DesiredPrometheusRule.source());
    eventually().until(() -> conditionIs("alerts", Reasons.DEGRADED, "False", Reasons.AS_EXPECTED));

    editTus("alerts", t -> {
      t.getSpec().getMetrics().getPrometheusRule().setEnabled(false);
      return t;
    });
    eventually().until(() -> rule() == null);
  }

  private PrometheusRule rule() {
    return client.resources(PrometheusRule.class).inNamespace(NS).withName("alerts").get();
  }
}
