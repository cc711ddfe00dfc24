package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * What the reconciler resolved before invoking the workflow, handed to the dependents through the workflow context:
 * the default image, the referenced Secrets and ConfigMaps (all present), and whether the ServiceMonitor API exists.
 */
public final class WorkflowInputs {

  private static final String KEY = WorkflowInputs.class.getName();

  private final String defaultImage;
  private final List<Secret> secrets;
  private final List<ConfigMap> configMaps;
  private final boolean serviceMonitorApiAvailable;
  private final boolean claimExpandable;
  private final boolean prometheusRuleApiAvailable;

  /**
   * Creates the inputs.
   *
   * @param defaultImage server image when the spec names none
   * @param secrets referenced Secrets
   * @param configMaps referenced ConfigMaps
   * @param serviceMonitorApiAvailable whether monitoring.coreos.com/v1 ServiceMonitor is served
   * @param claimExpandable whether the data claim may be grown (its StorageClass allows volume expansion)
   * @param prometheusRuleApiAvailable whether monitoring.coreos.com/v1 PrometheusRule is served
   */
  public WorkflowInputs(String defaultImage, List<Secret> secrets, List<ConfigMap> configMaps,
      boolean serviceMonitorApiAvailable, boolean claimExpandable, boolean prometheusRuleApiAvailable) {
    this.prometheusRuleApiAvailable = prometheusRuleApiAvailable;
    this.defaultImage = defaultImage;
    this.secrets = List.copyOf(secrets);
    this.configMaps = List.copyOf(configMaps);
    this.serviceMonitorApiAvailable = serviceMonitorApiAvailable;
    this.claimExpandable = claimExpandable;
  }

  /**
   * Stores these inputs in the workflow context of the current reconciliation.
   *
   * @param context the reconciliation context
   */
  public void putInto(Context<TusServer> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /**
   * Reads the inputs of the current reconciliation.
   *
   * @param context the reconciliation context
   * @return the inputs
   */
  public static WorkflowInputs from(Context<TusServer> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, WorkflowInputs.class);
  }

  /**
   * Returns the default image.
   *
   * @return image reference
   */
  public String defaultImage() {
    return defaultImage;
  }

  /**
   * Returns the referenced Secrets.
   *
   * @return Secrets
   */
  public List<Secret> secrets() {
    return secrets;
  }

  /**
   * Returns the referenced ConfigMaps.
   *
   * @return ConfigMaps
   */
  public List<ConfigMap> configMaps() {
    return configMaps;
  }

  /**
   * Tells whether the ServiceMonitor API is served.
   *
   * @return true when available
   */
  public boolean serviceMonitorApiAvailable() {
    return serviceMonitorApiAvailable;
  }

  /**
   * Tells whether the data claim may be grown.
   *
   * @return true when its StorageClass allows volume expansion
   */
  public boolean claimExpandable() {
    return claimExpandable;
  }

  /**
   * Tells whether the PrometheusRule API is served.
   *
   * @return true when available
   */
  public boolean prometheusRuleApiAvailable() {
    return prometheusRuleApiAvailable;
  }
}
