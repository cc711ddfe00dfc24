package dev.resumable.operator.desired;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.v1alpha1.PrometheusRuleSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Desired PrometheusRule of a TusServer: the shipped alert rules ({@code config/monitoring/rules.yaml}, embedded
 * in the operator jar as {@value #SHIPPED}), or a minimal built-in set ({@value #BUILTIN}) when the build did not
 * include them. The rules aggregate by namespace and job, so one object per TusServer alerts per TusServer.
 */
public final class DesiredPrometheusRule {

  /** Classpath location of the shipped rule file. */
  public static final String SHIPPED = "monitoring/rules.yaml";
  /** Classpath location of the built-in fallback. */
  public static final String BUILTIN = "monitoring/builtin-rules.yaml";
  private static final Map<String, Object> RULES = load();

  private DesiredPrometheusRule() {
  }

  /**
   * Tells which rule file is embedded.
   *
   * @return {@value #SHIPPED} or {@value #BUILTIN}
   */
  public static String source() {
    return DesiredPrometheusRule.class.getClassLoader().getResource(SHIPPED) != null ? SHIPPED : BUILTIN;
  }

  /**
   * Builds the desired PrometheusRule.
   *
   * @param server the TusServer
   * @return the rule object
   */
  public static PrometheusRule build(TusServer server) {
    PrometheusRule rule = new PrometheusRule();
    Map<String, String> labels = new LinkedHashMap<>();
    PrometheusRuleSpec spec = Effective.metrics(server).getPrometheusRule();
    if (spec != null && spec.getLabels() != null) {
      labels.putAll(spec.getLabels());
    }
    labels.putAll(Names.labels(server));
    rule.setMetadata(new ObjectMetaBuilder()
        .withName(Names.workload(server))
        .withNamespace(server.getMetadata().getNamespace())
        .withLabels(labels)
        .build());
    rule.setAdditionalProperty("spec", RULES);
    return rule;
  }

  private static Map<String, Object> load() {
    try (InputStream in = DesiredPrometheusRule.class.getClassLoader().getResourceAsStream(source())) {
      if (in == null) {
        throw new IllegalStateException(BUILTIN + " is missing from the operator jar");
      }
      return new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<Map<String, Object>>() { });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded alert rules", e);
    }
  }
}
