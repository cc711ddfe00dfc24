package dev.resumable.operator.dependent;

import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the PrometheusRule: metrics on and metrics.prometheusRule.enabled. */
public class PrometheusRulePrecondition implements Condition<PrometheusRule, TusServer> {

  @Override
  public boolean isMet(DependentResource<PrometheusRule, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return Effective.prometheusRuleWanted(primary);
  }
}
