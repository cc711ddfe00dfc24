package dev.resumable.tus.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.resumable.tus.metrics.TusMetrics;
import dev.resumable.tus.store.azure.AzureStore;
import dev.resumable.tus.store.azure.AzureStoreBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The Azure Blob store's flags (tusd's {@code -azure-*}); {@code -azure-storage} switches the store to Azure. The
 * account comes from {@code AZURE_STORAGE_ACCOUNT} and the key from {@code AZURE_STORAGE_KEY} (each also from the
 * file named by {@code <NAME>_FILE}); without a key, the Azure default credential chain is used.
 */
final class AzureOptions {
  @Option(names = {"-azure-storage", "--azure-storage"}, paramLabel = "CONTAINER",
      description = "Store uploads in this Azure Blob container (created when missing) instead of -upload-dir; "
          + "account from AZURE_STORAGE_ACCOUNT, key from AZURE_STORAGE_KEY or the default credential chain.")
  String azureStorage;

  @Option(names = {"-azure-container-access-type", "--azure-container-access-type"}, paramLabel = "TYPE",
      defaultValue = "", description = "Public access of a container this server creates: blob, container, or "
          + "empty for private (default).")
  String azureContainerAccessType;

  @Option(names = {"-azure-blob-access-tier", "--azure-blob-access-tier"}, paramLabel = "TIER", defaultValue = "",
      description = "Access tier of finished uploads: hot, cool, cold, archive, or empty for the account's "
          + "default.")
  String azureBlobAccessTier;

  @Option(names = {"-azure-object-prefix", "--azure-object-prefix"}, paramLabel = "PREFIX", defaultValue = "",
      description = "Prefix of every blob name (a '/' is added when missing, as in tusd).")
  String azureObjectPrefix;

  @Option(names = {"-azure-endpoint", "--azure-endpoint"}, paramLabel = "URL",
      description = "Blob service endpoint (default: https://<account>.blob.core.windows.net), e.g. Azurite's "
          + "http://127.0.0.1:10000/devstoreaccount1.")
  String azureEndpoint;

  /** True when {@code -azure-storage} selects the Azure store. */
  boolean enabled() {
    return azureStorage != null && !azureStorage.isBlank();
  }

  /** The Azure store the flags and the environment describe, checked reachable (container created if missing). */
  AzureStore open(Map<String, String> env, TusMetrics metrics) {
    quietRestrictedHeaderWarnings();
    AzureStoreBuilder builder = AzureStore.builder().container(azureStorage.strip()).endpoint(azureEndpoint)
        .objectPrefix(azureObjectPrefix).accessTier(azureBlobAccessTier)
        .containerAccessType(azureContainerAccessType)
        .accountName(secret(env, "AZURE_STORAGE_ACCOUNT")).accountKey(secret(env, "AZURE_STORAGE_KEY"));
    try {
      AzureStore store = builder.build();
      if (metrics != null) {
        metrics.gauge("tus.azure.buffered.bytes", "bytes held in Azure block buffers", store::bufferedBytes);
      }
      store.checkReady();
      return store;
    } catch (IllegalArgumentException e) {
      throw new FlagException(e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw new ServerCommand.StartupException("Azure container " + azureStorage + ": " + e.getMessage());
    }
  }

  /**
   * The Azure SDK's JDK HTTP client warns on every request that the JDK sets {@code Content-Length} itself (harmless:
   * the JDK computes the same value); only its errors are logged.
   */
  private static void quietRestrictedHeaderWarnings() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient").setLevel(Level.ERROR);
    }
  }

  private static String secret(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value != null && !value.isBlank()) {
      return value.strip();
    }
    String file = env.get(name + "_FILE");
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ServerCommand.StartupException(name + "_FILE names an unreadable file: " + file);
    }
  }
}
