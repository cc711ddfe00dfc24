package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A Secret in the TusServer's namespace holding PEM files (CA bundle, optional client certificate and key), mounted read-only.
 */
@ValidationRule(value = "has(self.certKey) == has(self.keyKey)", message = "certKey and keyKey go together", reason = "FieldValueInvalid")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSecret {

  /** Name of the Secret. */
  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  /** Key of the PEM CA bundle. Default ca.crt. */
  @Default("ca.crt")
  @JsonPropertyDescription("Key of the PEM CA bundle. Default ca.crt.")
  private String caKey = "ca.crt";

  /** Key of the PEM client certificate (mutual TLS), with keyKey. */
  @JsonPropertyDescription("Key of the PEM client certificate (mutual TLS), with keyKey.")
  private String certKey;

  /** Key of the PEM (PKCS#8) client key (mutual TLS), with certKey. */
  @JsonPropertyDescription("Key of the PEM (PKCS#8) client key (mutual TLS), with certKey.")
  private String keyKey;

  /**
   * Returns name.
   *
   * @return the value, may be null
   */
  public String getName() {
    return name;
  }

  /**
   * Sets name.
   *
   * @param name the new value
   */
  public void setName(String name) {
    this.name = name;
  }

  /**
   * Returns caKey.
   *
   * @return the value, may be null
   */
  public String getCaKey() {
    return caKey;
  }

  /**
   * Sets caKey.
   *
   * @param caKey the new value
   */
  public void setCaKey(String caKey) {
    this.caKey = caKey;
  }

  /**
   * Returns certKey.
   *
   * @return the value, may be null
   */
  public String getCertKey() {
    return certKey;
  }

  /**
   * Sets certKey.
   *
   * @param certKey the new value
   */
  public void setCertKey(String certKey) {
    this.certKey = certKey;
  }

  /**
   * Returns keyKey.
   *
   * @return the value, may be null
   */
  public String getKeyKey() {
    return keyKey;
  }

  /**
   * Sets keyKey.
   *
   * @param keyKey the new value
   */
  public void setKeyKey(String keyKey) {
    this.keyKey = keyKey;
  }
}
