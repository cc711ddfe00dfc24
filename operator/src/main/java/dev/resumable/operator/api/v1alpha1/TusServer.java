package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A tus resumable-upload server: the operator turns one TusServer into a Deployment, a Service and, as asked, a
 * PersistentVolumeClaim, an Ingress, a PodDisruptionBudget, a ServiceMonitor and a hook signing-key Secret.
 */
@Group(TusServer.GROUP)
@Version(TusServer.VERSION)
@Kind("TusServer")
@Plural("tusservers")
@Singular("tusserver")
@ShortNames("tus")
@ValidationRule(value = "self.metadata.name.size() <= 55 && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    message = "metadata.name must be a DNS-1035 label of at most 55 characters: it names the Service, the metrics"
        + " Service (<name>-metrics) and is a label value", reason = "FieldValueInvalid")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TusServer extends CustomResource<TusServerSpec, TusServerStatus> implements Namespaced {

  /** API group of the resource. */
  public static final String GROUP = "resumable.dev";
  /** API version of the resource. */
  public static final String VERSION = "v1alpha1";
  /** Annotation that, set to "true", stops the operator from reconciling one TusServer. */
  public static final String PAUSED_ANNOTATION = "resumable.dev/paused";

  private static final long serialVersionUID = 1L;

  /**
   * Tells whether the pause annotation is set to "true".
   *
   * @return true when reconciliation of this resource is paused
   */
  @JsonIgnore
  public boolean isPaused() {
    var annotations = getMetadata() == null ? null : getMetadata().getAnnotations();
    return annotations != null && "true".equalsIgnoreCase(annotations.get(PAUSED_ANNOTATION));
  }
}
