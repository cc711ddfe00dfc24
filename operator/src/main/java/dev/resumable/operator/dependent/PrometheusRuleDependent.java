package dev.resumable.operator.dependent;

import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredPrometheusRule;
import dev.resumable.operator.desired.Names;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Prometheus Operator PrometheusRule. Active only while the API is served ({@link PrometheusRuleApiActivation}),
 * present only when asked for ({@link PrometheusRulePrecondition}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class PrometheusRuleDependent extends SpecHashedDependent<PrometheusRule> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "prometheusrule";

  /** Creates the dependent. */
  public PrometheusRuleDependent() {
    super(PrometheusRule.class);
  }

  @Override
  protected PrometheusRule build(TusServer primary, Context<TusServer> context) {
    return DesiredPrometheusRule.build(primary);
  }
}
