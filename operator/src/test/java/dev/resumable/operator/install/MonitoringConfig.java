package dev.resumable.operator.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.resumable.operator.TestResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped monitoring files of {@code config/monitoring/} (alert rules, their unit tests, the Grafana dashboard)
 * read for the tests, and the metric names a PromQL expression refers to.
 */
final class MonitoringConfig {
  /**
   * Metrics the alerts use that the tus server does not expose: they come from other exporters, as documented in
   * docs/monitoring.md ("Where the metrics come from").
   */
  static final Map<String, String> EXTERNAL_METRICS = Map.ofEntries(
      Map.entry("up", "Prometheus (one per scrape target)"),
      Map.entry("kube_deployment_spec_replicas", "kube-state-metrics"),
      Map.entry("kube_deployment_status_replicas_available", "kube-state-metrics"),
      Map.entry("kube_pod_container_info", "kube-state-metrics"),
      Map.entry("kube_pod_container_status_ready", "kube-state-metrics"),
      Map.entry("kube_pod_container_status_running", "kube-state-metrics"),
      Map.entry("kube_pod_spec_volumes_persistentvolumeclaims_info", "kube-state-metrics"),
      Map.entry("kubelet_volume_stats_available_bytes", "kubelet"),
      Map.entry("kubelet_volume_stats_capacity_bytes", "kubelet"));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by",
      "without", "on", "ignoring", "group_left", "group_right", "atan2");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\s*\\)");

  private MonitoringConfig() {
  }

  /** {@code config/monitoring}. */
  static Path dir() {
    return TestResources.repoDir().resolve("config/monitoring");
  }

  /** The plain rule file, parsed. */
  static JsonNode rules() {
    return yaml(dir().resolve("rules.yaml"));
  }

  /** Every alerting rule of the rule file, in file order. */
  static List<JsonNode> alerts() {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode group : rules().path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.add(rule);
        }
      }
    }
    return alerts;
  }

  /** The Grafana dashboard, parsed. */
  static JsonNode dashboard() {
    try {
      return JSON.readTree(dir().resolve("grafana-dashboard.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel of the dashboard, rows' nested panels included. */
  static List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /**
   * Every PromQL query of the dashboard, keyed by where it is ("panel title / refId", "variable name"): panel
   * targets, and the series selectors of {@code label_values(...)} variables.
   */
  static Map<String, String> dashboardQueries() {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(panel.path("title").asText() + " / " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        String query = variable.path("query").isTextual() ? variable.path("query").asText()
            : variable.path("query").path("query").asText();
        Matcher labelValues = LABEL_VALUES.matcher(query);
        queries.put("variable " + variable.path("name").asText(),
            labelValues.matches() ? labelValues.group(1) : query);
      }
    }
    return queries;
  }

  /**
   * The metric names {@code expr} selects: identifiers that are neither functions, aggregations, keywords, label
   * names (in matchers, {@code by}/{@code on}/... lists) nor inside strings or range brackets.
   */
  static Set<String> metricNames(String expr) {
    String text = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
        .replaceAll("`[^`]*`", "``")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^\\]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher identifier = IDENTIFIER.matcher(text);
    while (identifier.find()) {
      String name = identifier.group(1);
      if (identifier.group(2) == null && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Parses a YAML file. */
  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
