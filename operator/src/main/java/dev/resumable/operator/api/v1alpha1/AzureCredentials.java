package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * Reference to a Secret in the TusServer's namespace holding an Azure storage account name and shared key. Its values
 * reach the pod only as {@code secretKeyRef} environment variables ({@code AZURE_STORAGE_ACCOUNT},
 * {@code AZURE_STORAGE_KEY}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureCredentials {

  /** Name of the Secret. */
  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  /** Key of the storage account name in the Secret. */
  @Default("AZURE_STORAGE_ACCOUNT")
  @JsonPropertyDescription("Key of the storage account name in the Secret.")
  private String accountNameKey = "AZURE_STORAGE_ACCOUNT";

  /** Key of the storage account key in the Secret. */
  @Default("AZURE_STORAGE_KEY")
  @JsonPropertyDescription("Key of the storage account (shared) key in the Secret.")
  private String accountKeyKey = "AZURE_STORAGE_KEY";

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
   * Returns accountNameKey.
   *
   * @return the value, may be null
   */
  public String getAccountNameKey() {
    return accountNameKey;
  }

  /**
   * Sets accountNameKey.
   *
   * @param accountNameKey the new value
   */
  public void setAccountNameKey(String accountNameKey) {
    this.accountNameKey = accountNameKey;
  }

  /**
   * Returns accountKeyKey.
   *
   * @return the value, may be null
   */
  public String getAccountKeyKey() {
    return accountKeyKey;
  }

  /**
   * Sets accountKeyKey.
   *
   * @param accountKeyKey the new value
   */
  public void setAccountKeyKey(String accountKeyKey) {
    this.accountKeyKey = accountKeyKey;
  }
}
