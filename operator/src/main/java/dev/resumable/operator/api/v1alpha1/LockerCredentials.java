package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * A Secret in the TusServer's namespace holding a locker's user name and password; wired into the pod by secretKeyRef only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LockerCredentials {

  /** Name of the Secret. */
  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  /** Key of the user name in the Secret (required for etcd; optional for Redis ACL users). */
  @JsonPropertyDescription("Key of the user name in the Secret (required for etcd; optional for Redis ACL users).")
  private String usernameKey;

  /** Key of the password in the Secret. Default password. */
  @Default("password")
  @JsonPropertyDescription("Key of the password in the Secret. Default password.")
  private String passwordKey = "password";

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
   * Returns usernameKey.
   *
   * @return the value, may be null
   */
  public String getUsernameKey() {
    return usernameKey;
  }

  /**
   * Sets usernameKey.
   *
   * @param usernameKey the new value
   */
  public void setUsernameKey(String usernameKey) {
    this.usernameKey = usernameKey;
  }

  /**
   * Returns passwordKey.
   *
   * @return the value, may be null
   */
  public String getPasswordKey() {
    return passwordKey;
  }

  /**
   * Sets passwordKey.
   *
   * @param passwordKey the new value
   */
  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }
}
