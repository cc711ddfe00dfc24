package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The etcd cluster of locker: etcd (-etcd-endpoints, -etcd-user/-etcd-password, -etcd-*-file).
 */
@ValidationRule(value = "size(self.endpoints) > 0 && self.endpoints.all(e, e.matches('^https?://[^@/\\\\s]+:[0-9]+$'))", message = "etcd.endpoints must list http(s)://host:port URLs without credentials", reason = "FieldValueInvalid")
@ValidationRule(value = "!has(self.credentialsSecret) || has(self.credentialsSecret.usernameKey)", message = "etcd.credentialsSecret.usernameKey is required", reason = "FieldValueRequired")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtcdSpec {

  /** Endpoints without credentials, e.g. http://etcd-0.etcd:2379 (https:// with tls). */
  @Required
  @JsonPropertyDescription("Endpoints without credentials, e.g. http://etcd-0.etcd:2379 (https:// with tls).")
  private List<String> endpoints;

  /** CA bundle and optional client certificate for https:// endpoints. */
  @JsonPropertyDescription("CA bundle and optional client certificate for https:// endpoints.")
  private TlsSecret tls;

  /** Secret with the etcd user name (usernameKey) and password. */
  @JsonPropertyDescription("Secret with the etcd user name (usernameKey) and password.")
  private LockerCredentials credentialsSecret;

  /**
   * Returns endpoints.
   *
   * @return the value, may be null
   */
  public List<String> getEndpoints() {
    return endpoints;
  }

  /**
   * Sets endpoints.
   *
   * @param endpoints the new value
   */
  public void setEndpoints(List<String> endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * Returns tls.
   *
   * @return the value, may be null
   */
  public TlsSecret getTls() {
    return tls;
  }

  /**
   * Sets tls.
   *
   * @param tls the new value
   */
  public void setTls(TlsSecret tls) {
    this.tls = tls;
  }

  /**
   * Returns credentialsSecret.
   *
   * @return the value, may be null
   */
  public LockerCredentials getCredentialsSecret() {
    return credentialsSecret;
  }

  /**
   * Sets credentialsSecret.
   *
   * @param credentialsSecret the new value
   */
  public void setCredentialsSecret(LockerCredentials credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
