package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * The Service exposing the http and metrics ports.
 */
@ValidationRule(value = "!has(self.nodePort) || (has(self.type) && self.type != 'ClusterIP')", message = "nodePort needs type NodePort or LoadBalancer", reason = "FieldValueForbidden")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceSpec {

  /** Service type: ClusterIP, NodePort or LoadBalancer. */
  @Default("ClusterIP")
  @JsonPropertyDescription("Service type: ClusterIP, NodePort or LoadBalancer.")
  private ServiceType type = ServiceType.CLUSTER_IP;

  /** Service port of the tus endpoint. Default 80. */
  @Min(1)
  @Max(65535)
  @Default("80")
  @JsonPropertyDescription("Service port of the tus endpoint. Default 80.")
  private Integer port = 80;

  /** Fixed node port of the tus endpoint (NodePort or LoadBalancer). */
  @Min(30000)
  @Max(32767)
  @JsonPropertyDescription("Fixed node port of the tus endpoint (NodePort or LoadBalancer).")
  private Integer nodePort;

  /** Annotations on the Service. */
  @JsonPropertyDescription("Annotations on the Service.")
  private Map<String, String> annotations;

  /**
   * Returns type.
   *
   * @return the value, may be null
   */
  public ServiceType getType() {
    return type;
  }

  /**
   * Sets type.
   *
   * @param type the new value
   */
  public void setType(ServiceType type) {
    this.type = type;
  }

  /**
   * Returns port.
   *
   * @return the value, may be null
   */
  public Integer getPort() {
    return port;
  }

  /**
   * Sets port.
   *
   * @param port the new value
   */
  public void setPort(Integer port) {
    this.port = port;
  }

  /**
   * Returns nodePort.
   *
   * @return the value, may be null
   */
  public Integer getNodePort() {
    return nodePort;
  }

  /**
   * Sets nodePort.
   *
   * @param nodePort the new value
   */
  public void setNodePort(Integer nodePort) {
    this.nodePort = nodePort;
  }

  /**
   * Returns annotations.
   *
   * @return the value, may be null
   */
  public Map<String, String> getAnnotations() {
    return annotations;
  }

  /**
   * Sets annotations.
   *
   * @param annotations the new value
   */
  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
