package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/**
 * Observed state of a TusServer, written only when it changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TusServerStatus {

  /** Generation of the spec last reconciled. */
  @JsonPropertyDescription("Generation of the spec last reconciled.")
  private Long observedGeneration;

  /** Current number of server pods. */
  @StatusReplicas
  @JsonPropertyDescription("Current number of server pods.")
  private Integer replicas;

  /** Number of ready server pods. */
  @JsonPropertyDescription("Number of ready server pods.")
  private Integer readyReplicas;

  /** Label selector of the pods, for kubectl scale and the HorizontalPodAutoscaler. */
  @LabelSelector
  @JsonPropertyDescription("Label selector of the pods, for kubectl scale and the HorizontalPodAutoscaler.")
  private String selector;

  /** In-cluster upload URL. */
  @JsonPropertyDescription("In-cluster upload URL.")
  private String url;

  /** External upload URL when an Ingress exists. */
  @JsonPropertyDescription("External upload URL when an Ingress exists.")
  private String externalUrl;

  /** Name of the Secret holding the generated HTTP-hook signing key (key signing-key). */
  @JsonPropertyDescription("Name of the Secret holding the generated HTTP-hook signing key (key signing-key).")
  private String hookSigningKeySecret;

  /** Ready, Progressing and Degraded conditions. */
  @JsonPropertyDescription("Ready, Progressing and Degraded conditions.")
  private List<Condition> conditions;

  /** Number of pods asked for (spec.replicas, or the autoscaler's choice). */
  @JsonPropertyDescription("Number of pods asked for (spec.replicas, or the autoscaler's choice).")
  private Integer desiredReplicas;

  /** Server image of the pod template. */
  @JsonPropertyDescription("Server image of the pod template.")
  private String image;

  /**
   * Returns observedGeneration.
   *
   * @return the value, may be null
   */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  /**
   * Sets observedGeneration.
   *
   * @param observedGeneration the new value
   */
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /**
   * Returns replicas.
   *
   * @return the value, may be null
   */
  public Integer getReplicas() {
    return replicas;
  }

  /**
   * Sets replicas.
   *
   * @param replicas the new value
   */
  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /**
   * Returns readyReplicas.
   *
   * @return the value, may be null
   */
  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  /**
   * Sets readyReplicas.
   *
   * @param readyReplicas the new value
   */
  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  /**
   * Returns selector.
   *
   * @return the value, may be null
   */
  public String getSelector() {
    return selector;
  }

  /**
   * Sets selector.
   *
   * @param selector the new value
   */
  public void setSelector(String selector) {
    this.selector = selector;
  }

  /**
   * Returns url.
   *
   * @return the value, may be null
   */
  public String getUrl() {
    return url;
  }

  /**
   * Sets url.
   *
   * @param url the new value
   */
  public void setUrl(String url) {
    this.url = url;
  }

  /**
   * Returns externalUrl.
   *
   * @return the value, may be null
   */
  public String getExternalUrl() {
    return externalUrl;
  }

  /**
   * Sets externalUrl.
   *
   * @param externalUrl the new value
   */
  public void setExternalUrl(String externalUrl) {
    this.externalUrl = externalUrl;
  }

  /**
   * Returns hookSigningKeySecret.
   *
   * @return the value, may be null
   */
  public String getHookSigningKeySecret() {
    return hookSigningKeySecret;
  }

  /**
   * Sets hookSigningKeySecret.
   *
   * @param hookSigningKeySecret the new value
   */
  public void setHookSigningKeySecret(String hookSigningKeySecret) {
    this.hookSigningKeySecret = hookSigningKeySecret;
  }

  /**
   * Returns conditions.
   *
   * @return the value, may be null
   */
  public List<Condition> getConditions() {
    return conditions;
  }

  /**
   * Sets conditions.
   *
   * @param conditions the new value
   */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /**
   * Returns desiredReplicas.
   *
   * @return the value, may be null
   */
  public Integer getDesiredReplicas() {
    return desiredReplicas;
  }

  /**
   * Sets desiredReplicas.
   *
   * @param desiredReplicas the new value
   */
  public void setDesiredReplicas(Integer desiredReplicas) {
    this.desiredReplicas = desiredReplicas;
  }

  /**
   * Returns image.
   *
   * @return the value, may be null
   */
  public String getImage() {
    return image;
  }

  /**
   * Sets image.
   *
   * @param image the new value
   */
  public void setImage(String image) {
    this.image = image;
  }
}
