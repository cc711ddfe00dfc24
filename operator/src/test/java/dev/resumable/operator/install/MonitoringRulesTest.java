package dev.resumable.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.resumable.operator.TestResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules and dashboard ({@code config/monitoring/}): Debian's {@code promtool} accepts the rule file
 * and passes its unit tests, every alert is unit-tested firing and quiet, the PrometheusRule is the rule file, every
 * alert is documented with a runbook, the kustomization renders, and the dashboard is well-formed.
 */
class MonitoringRulesTest {
  private static final Set<String> SEVERITIES = Set.of("critical", "warning");

  @Test
  void promtoolAcceptsTheRuleFile() throws Exception {
    String output = run(MonitoringConfig.dir(), "promtool", "check", "rules", "rules.yaml");
    assertThat(output).contains("SUCCESS: " + MonitoringConfig.alerts().size() + " rules found");
  }

  @Test
  void promtoolUnitTestsPass() throws Exception {
    String output = run(MonitoringConfig.dir(), "promtool", "test", "rules", "rules_test.yaml");
    assertThat(output).contains("SUCCESS");
  }

  @Test
  void everyAlertIsUnitTestedFiringAndQuiet() {
    Set<String> firing = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (JsonNode test : MonitoringConfig.yaml(MonitoringConfig.dir().resolve("rules_test.yaml")).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        if (check.path("exp_alerts").isEmpty()) {
          quiet.add(alert);
        } else {
          firing.add(alert);
          for (JsonNode expected : check.path("exp_alerts")) {
            assertThat(expected.path("exp_annotations").isObject()).as("annotations checked for %s", alert).isTrue();
          }
        }
      }
    }
    List<String> alerts = MonitoringConfig.alerts().stream().map(a -> a.path("alert").asText()).toList();
    assertThat(firing).as("alerts with a firing case").containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(quiet).as("alerts with a quiet case").containsExactlyInAnyOrderElementsOf(alerts);
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndADocumentedRunbook() {
    String doc = TestResources.read(TestResources.repoDir().resolve("docs/monitoring.md"));
    Set<String> anchors = new HashSet<>();
    Matcher heading = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(doc);
    while (heading.find()) {
      anchors.add(heading.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
    }
    Set<String> names = new HashSet<>();
    for (JsonNode alert : MonitoringConfig.alerts()) {
      String name = alert.path("alert").asText();
      assertThat(names.add(name)).as("unique alert name %s", name).isTrue();
      assertThat(alert.path("labels").path("severity").asText()).as(name).isIn(SEVERITIES);
      assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("runbook").asText()).as(name)
          .isEqualTo("docs/monitoring.md#" + name.toLowerCase());
      assertThat(anchors).as("runbook heading for %s in docs/monitoring.md", name).contains(name.toLowerCase());
    }
  }

  @Test
  void prometheusRuleIsTheRuleFileIndented() {
    String rule = TestResources.read(MonitoringConfig.dir().resolve("prometheusrule.yaml"));
    String rules = TestResources.read(MonitoringConfig.dir().resolve("rules.yaml"));
    int spec = rule.indexOf("\nspec:\n");
    assertThat(spec).as("a top-level spec: line").isPositive();
    String indented = rules.lines().map(line -> line.isEmpty() ? line : "  " + line)
        .collect(Collectors.joining("\n", "", "\n"));
    assertThat(rule.substring(spec + "\nspec:\n".length()))
        .as("prometheusrule.yaml below spec: must be rules.yaml indented by two spaces; regenerate it with the "
            + "command in its header")
        .isEqualTo(indented);
    GenericKubernetesResource parsed = Serialization.unmarshal(rule, GenericKubernetesResource.class);
    assertThat(parsed.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(parsed.getKind()).isEqualTo("PrometheusRule");
  }

  @Test
  void monitoringKustomizationRendersTheRuleAndTheDashboardConfigMap() throws Exception {
    String output = run(TestResources.repoDir(), "kubectl", "kustomize", "config/monitoring");
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (String document : output.split("(?m)^---$")) {
      if (!document.isBlank()) {
        objects.add(Serialization.unmarshal(document, GenericKubernetesResource.class));
      }
    }
    assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("PrometheusRule", "ConfigMap");
    objects.forEach(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("resumable-upload"));
    GenericKubernetesResource dashboard = objects.stream().filter(o -> o.getKind().equals("ConfigMap"))
        .findFirst().orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(((Map<?, ?>) dashboard.getAdditionalProperties().get("data")).get("tus-server.json"))
        .isEqualTo(TestResources.read(MonitoringConfig.dir().resolve("grafana-dashboard.json")));
    GenericKubernetesResource rule = objects.stream().filter(o -> o.getKind().equals("PrometheusRule"))
        .findFirst().orElseThrow();
    assertThat(rule.getAdditionalProperties().get("spec")).as("rule groups in the rendered PrometheusRule")
        .isInstanceOf(Map.class);
  }

  @Test
  void dashboardIsWellFormed() {
    JsonNode dashboard = MonitoringConfig.dashboard();
    assertThat(dashboard.path("uid").asText()).isEqualTo("tus-server");
    Set<Integer> ids = new HashSet<>();
    int queries = 0;
    for (JsonNode panel : MonitoringConfig.panels()) {
      String title = panel.path("title").asText();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of %s", title).isLessThanOrEqualTo(24);
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
      assertThat(panel.path("description").asText()).as(title).isNotBlank();
      assertThat(panel.path("targets")).as(title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as(title).isNotBlank();
        queries++;
      }
    }
    assertThat(queries).isGreaterThan(30);
    Set<String> titles = new TreeSet<>();
    MonitoringConfig.panels().forEach(p -> titles.add(p.path("title").asText()));
    assertThat(titles).contains("Requests by method", "Request latency p95 by method", "Active uploads",
        "Bytes received / stored", "Lock acquisition latency", "Lock hold time", "Hook latency p95",
        "Hook invocations and failures", "S3 request latency p95", "JVM heap", "JVM threads", "GC pause time");
  }

  @Test
  void metricNamesAreFoundInPromQl() {
    assertThat(MonitoringConfig.metricNames("sum by (namespace, le) (rate(tus_x_bucket{a=\"b\", c=~\"d|e\"}"
        + "[$__rate_interval])) / on (namespace) group_left (pod) foo_total offset 5m > bool 0.5"))
        .containsExactly("tus_x_bucket", "foo_total");
    assertThat(MonitoringConfig.metricNames("label_replace(kube_a{c=\"x\"}, \"deployment\", \"$1\", \"pod\", "
        + "\"(.+)-[^-]+\") and on (namespace) kubelet_b / kubelet_c < 0.25 and predict_linear(kubelet_b[6h], "
        + "24 * 3600) < 0 unless histogram_quantile(0.95, sum(rate(h_bucket[5m])) by (le)) > 1e3"))
        .containsExactly("kube_a", "kubelet_b", "kubelet_c", "h_bucket");
  }

  @Test
  void externalMetricsAreDocumented() {
    String doc = TestResources.read(TestResources.repoDir().resolve("docs/monitoring.md"));
    MonitoringConfig.EXTERNAL_METRICS.keySet()
        .forEach(name -> assertThat(doc).as("docs/monitoring.md names %s", name).contains("`" + name + "`"));
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
    return text;
  }
}
