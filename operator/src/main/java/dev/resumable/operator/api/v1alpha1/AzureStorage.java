package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Azure Blob storage. The account name and key come from a Secret via secretKeyRef; without a Secret the server uses
 * the Azure default credential chain (e.g. AKS workload identity on the pod's service account) for accountName.
 */
@ValidationRule(value = "!(has(self.accountName) && has(self.credentialsSecret))", message = "storage.azure.accountName and storage.azure.credentialsSecret are exclusive (the Secret names the account)", reason = "FieldValueInvalid")
@ValidationRule(value = "has(self.accountName) || has(self.credentialsSecret) || has(self.endpoint)", message = "storage.azure needs accountName, credentialsSecret or endpoint to find the storage account", reason = "FieldValueRequired")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AzureStorage {

  /** Container name, created when missing (-azure-storage). */
  @Required
  @Pattern("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
  @JsonPropertyDescription("Container name, created when missing (-azure-storage).")
  private String container;

  /** Storage account for keyless access (AZURE_STORAGE_ACCOUNT), e.g. with workload identity; not with credentialsSecret. */
  @Pattern("^[a-z0-9]{3,24}$")
  @JsonPropertyDescription("Storage account for keyless access (AZURE_STORAGE_ACCOUNT), e.g. with workload identity; not with credentialsSecret.")
  private String accountName;

  /** Blob service endpoint; default https://<account>.blob.core.windows.net (-azure-endpoint). */
  @Pattern("^https?://.+")
  @JsonPropertyDescription("Blob service endpoint; default https://<account>.blob.core.windows.net (-azure-endpoint).")
  private String endpoint;

  /** Prefix of every blob name (-azure-object-prefix). */
  @JsonPropertyDescription("Prefix of every blob name (-azure-object-prefix).")
  private String objectPrefix;

  /** Access tier of finished uploads: hot, cool, cold or archive; default the account's (-azure-blob-access-tier). */
  @Pattern("^(hot|cool|cold|archive)$")
  @JsonPropertyDescription("Access tier of finished uploads: hot, cool, cold or archive; default the account's (-azure-blob-access-tier).")
  private String accessTier;

  /** Public access of a container the server creates: blob or container; default private (-azure-container-access-type). */
  @Pattern("^(blob|container)$")
  @JsonPropertyDescription("Public access of a container the server creates: blob or container; default private (-azure-container-access-type).")
  private String containerAccessType;

  /** Secret holding the storage account name and key. */
  @JsonPropertyDescription("Secret holding the storage account name and key.")
  private AzureCredentials credentialsSecret;

  /**
   * Returns container.
   *
   * @return the value, may be null
   */
  public String getContainer() {
    return container;
  }

  /**
   * Sets container.
   *
   * @param container the new value
   */
  public void setContainer(String container) {
    this.container = container;
  }

  /**
   * Returns accountName.
   *
   * @return the value, may be null
   */
  public String getAccountName() {
    return accountName;
  }

  /**
   * Sets accountName.
   *
   * @param accountName the new value
   */
  public void setAccountName(String accountName) {
    this.accountName = accountName;
  }

  /**
   * Returns endpoint.
   *
   * @return the value, may be null
   */
  public String getEndpoint() {
    return endpoint;
  }

  /**
   * Sets endpoint.
   *
   * @param endpoint the new value
   */
  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Returns objectPrefix.
   *
   * @return the value, may be null
   */
  public String getObjectPrefix() {
    return objectPrefix;
  }

  /**
   * Sets objectPrefix.
   *
   * @param objectPrefix the new value
   */
  public void setObjectPrefix(String objectPrefix) {
    this.objectPrefix = objectPrefix;
  }

  /**
   * Returns accessTier.
   *
   * @return the value, may be null
   */
  public String getAccessTier() {
    return accessTier;
  }

  /**
   * Sets accessTier.
   *
   * @param accessTier the new value
   */
  public void setAccessTier(String accessTier) {
    this.accessTier = accessTier;
  }

  /**
   * Returns containerAccessType.
   *
   * @return the value, may be null
   */
  public String getContainerAccessType() {
    return containerAccessType;
  }

  /**
   * Sets containerAccessType.
   *
   * @param containerAccessType the new value
   */
  public void setContainerAccessType(String containerAccessType) {
    this.containerAccessType = containerAccessType;
  }

  /**
   * Returns credentialsSecret.
   *
   * @return the value, may be null
   */
  public AzureCredentials getCredentialsSecret() {
    return credentialsSecret;
  }

  /**
   * Sets credentialsSecret.
   *
   * @param credentialsSecret the new value
   */
  public void setCredentialsSecret(AzureCredentials credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
