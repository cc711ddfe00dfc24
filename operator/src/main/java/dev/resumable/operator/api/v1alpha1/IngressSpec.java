package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * An Ingress for ingress-nginx with request buffering off and no body-size limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressSpec {

  /** IngressClass name; default: the cluster default. */
  @JsonPropertyDescription("IngressClass name; default: the cluster default.")
  private String className;

  /** Host name. */
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("Host name.")
  private String host;

  /** Secret with the TLS certificate; https when set. */
  @JsonPropertyDescription("Secret with the TLS certificate; https when set.")
  private String tlsSecretName;

  /** Extra annotations on the Ingress. */
  @JsonPropertyDescription("Extra annotations on the Ingress.")
  private Map<String, String> annotations;

  /**
   * Returns className.
   *
   * @return the value, may be null
   */
  public String getClassName() {
    return className;
  }

  /**
   * Sets className.
   *
   * @param className the new value
   */
  public void setClassName(String className) {
    this.className = className;
  }

  /**
   * Returns host.
   *
   * @return the value, may be null
   */
  public String getHost() {
    return host;
  }

  /**
   * Sets host.
   *
   * @param host the new value
   */
  public void setHost(String host) {
    this.host = host;
  }

  /**
   * Returns tlsSecretName.
   *
   * @return the value, may be null
   */
  public String getTlsSecretName() {
    return tlsSecretName;
  }

  /**
   * Sets tlsSecretName.
   *
   * @param tlsSecretName the new value
   */
  public void setTlsSecretName(String tlsSecretName) {
    this.tlsSecretName = tlsSecretName;
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
