package dev.resumable.operator.api.monitoring;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Prometheus Operator {@code monitoring.coreos.com/v1} PrometheusRule. Untyped body (the spec is a map of rule groups), but a
 * named class so the client needs no API discovery to address it, and the operator needs no Prometheus Operator
 * model library. Not a CustomResource: the CRD generator leaves it alone.
 */
@Group(PrometheusRule.GROUP)
@Version(PrometheusRule.VERSION)
@Kind("PrometheusRule")
@Plural("prometheusrules")
public class PrometheusRule extends GenericKubernetesResource implements Namespaced {

  /** API group. */
  public static final String GROUP = "monitoring.coreos.com";
  /** API version. */
  public static final String VERSION = "v1";
  /** Plural. */
  public static final String PLURAL = "prometheusrules";

  private static final long serialVersionUID = 1L;

  /** Creates an empty PrometheusRule with apiVersion and kind set. */
  public PrometheusRule() {
    setApiVersion(GROUP + "/" + VERSION);
    setKind("PrometheusRule");
  }
}
