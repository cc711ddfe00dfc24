package dev.resumable.operator.dependent;

import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Activation condition of the PrometheusRule: the API is served. While false, JOSDK registers no informer for
 * PrometheusRules (which would fail without the CRD). The reconciler checks API discovery, which every
 * authenticated user may read, so no cluster-wide CRD access is needed.
 */
public class PrometheusRuleApiActivation implements Condition<PrometheusRule, TusServer> {

  @Override
  public boolean isMet(DependentResource<PrometheusRule, TusServer> dependent, TusServer primary,
      Context<TusServer> context) {
    return WorkflowInputs.from(context).prometheusRuleApiAvailable();
  }
}
