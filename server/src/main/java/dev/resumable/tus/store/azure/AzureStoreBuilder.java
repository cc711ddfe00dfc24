package dev.resumable.tus.store.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.PublicAccessType;
import com.azure.storage.blob.options.BlobContainerCreateOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Builds an {@link AzureStore} the way tusd's {@code -azure-*} flags describe one: the container (created when
 * missing, with {@code -azure-container-access-type}), the endpoint (default {@code https://<account>.blob.core.
 * windows.net}), the object prefix, the access tier of committed blobs, and the credentials: an account key when
 * given, otherwise the Azure default credential chain (workload identity, managed identity, environment, CLI).
 */
public final class AzureStoreBuilder {
  private String container;
  private String endpoint;
  private String objectPrefix = "";
  private String accessTier = "";
  private String containerAccessType = "";
  private String accountName;
  private String accountKey;
  private TokenCredential credential;
  private int blockSize = 4 * 1024 * 1024;
  private long bufferBudget = 256L * 1024 * 1024;
  private Path spoolDir = Path.of(System.getProperty("java.io.tmpdir"), "tus-azure");

  AzureStoreBuilder() {
  }

  public AzureStoreBuilder container(String value) {
    this.container = value;
    return this;
  }

  /** The Blob service endpoint, e.g. {@code http://127.0.0.1:10000/devstoreaccount1} for Azurite. */
  public AzureStoreBuilder endpoint(String value) {
    this.endpoint = value == null || value.isBlank() ? null : value.strip();
    return this;
  }

  public AzureStoreBuilder objectPrefix(String value) {
    this.objectPrefix = value == null ? "" : value;
    return this;
  }

  /** {@code hot}, {@code cool}, {@code cold}, {@code archive}, or empty for the account's default. */
  public AzureStoreBuilder accessTier(String value) {
    this.accessTier = value == null ? "" : value;
    return this;
  }

  /** {@code blob}, {@code container}, or empty for a private container (only used when creating it). */
  public AzureStoreBuilder containerAccessType(String value) {
    this.containerAccessType = value == null ? "" : value;
    return this;
  }

  public AzureStoreBuilder accountName(String value) {
    this.accountName = value == null || value.isBlank() ? null : value.strip();
    return this;
  }

  /** The account key (shared key); without it, {@link #credential} or the default credential chain is used. */
  public AzureStoreBuilder accountKey(String value) {
    this.accountKey = value == null || value.isBlank() ? null : value.strip();
    return this;
  }

  public AzureStoreBuilder credential(TokenCredential value) {
    this.credential = value;
    return this;
  }

  /** The preferred block size (default 4 MiB); larger when an upload would not fit in 50,000 blocks. */
  public AzureStoreBuilder blockSize(int value) {
    this.blockSize = value;
    return this;
  }

  /** The memory all uploads' block buffers may hold together (default 256 MiB). */
  public AzureStoreBuilder bufferBudget(long value) {
    this.bufferBudget = value;
    return this;
  }

  /** Where chunks with a checksum wait for verification before they are staged. */
  public AzureStoreBuilder spoolDir(Path value) {
    this.spoolDir = value;
    return this;
  }

  static AccessTier tierOf(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "" -> null;
      case "hot" -> AccessTier.HOT;
      case "cool" -> AccessTier.COOL;
      case "cold" -> AccessTier.COLD;
      case "archive" -> AccessTier.ARCHIVE;
      default -> throw new IllegalArgumentException("-azure-blob-access-tier must be hot, cool, cold or archive, got '"
          + value + "'");
    };
  }

  static PublicAccessType accessTypeOf(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "" -> null;
      case "blob" -> PublicAccessType.BLOB;
      case "container" -> PublicAccessType.CONTAINER;
      default -> throw new IllegalArgumentException("-azure-container-access-type must be blob or container, got '"
          + value + "'");
    };
  }

  /**
   * Connects, creates the container when missing, and returns the store.
   *
   * @throws IllegalArgumentException for a bad setting
   * @throws IOException when Azure cannot be reached or refuses
   */
  public AzureStore build() throws IOException {
    if (container == null || container.isBlank()) {
      throw new IllegalArgumentException("-azure-storage (the container) is required");
    }
    AccessTier tier = tierOf(accessTier);
    PublicAccessType access = accessTypeOf(containerAccessType);
    if (endpoint == null && accountName == null) {
      throw new IllegalArgumentException("set AZURE_STORAGE_ACCOUNT or -azure-endpoint");
    }
    if (blockSize < BlockBudget.MIN_BUFFER || blockSize > AzureStore.MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException("block size must be between 64 KiB and 4000 MiB");
    }
    String url = endpoint != null ? endpoint : "https://" + accountName + ".blob.core.windows.net";
    HttpClient http = new JdkHttpClientBuilder().build();
    BlobServiceClientBuilder service = new BlobServiceClientBuilder().endpoint(url).httpClient(http);
    if (accountKey != null) {
      if (accountName == null) {
        throw new IllegalArgumentException("AZURE_STORAGE_KEY needs AZURE_STORAGE_ACCOUNT");
      }
      service.credential(new StorageSharedKeyCredential(accountName, accountKey));
    } else {
      service.credential(credential != null ? credential : new DefaultAzureCredentialBuilder().build());
    }
    BlobServiceClient client = service.buildClient();
    BlobContainerClient containerClient = client.getBlobContainerClient(container.strip());
    try {
      containerClient.createIfNotExistsWithResponse(new BlobContainerCreateOptions().setPublicAccessType(access),
          null, null);
    } catch (BlobStorageException e) {
      throw new IOException("cannot create or open container " + container + ": Azure answered "
          + e.getStatusCode() + " " + e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot reach Azure at " + url + ": " + e.getMessage(), e);
    }
    return new AzureStore(containerClient, objectPrefix, tier, blockSize, bufferBudget, spoolDir);
  }
}
