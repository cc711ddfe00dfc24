package dev.resumable.tus.store.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.testing.ObjectStoreBackend;
import dev.resumable.tus.testing.StoredUploads;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Azure store's fixture, on the shared Azurite of the test JVM ({@link LocalAzurite}). Each test directory gets
 * its own container (the same one when a test restarts its server on the same directory), created by the store.
 *
 * <p>Azure cannot read uncommitted blocks back, so for an unfinished upload {@link StoredUploads#bytes} answers
 * zero bytes of the stored length (the length is real, from the block list; the content is only checkable once the
 * upload is complete and committed).
 */
public final class AzureTestBackend extends ObjectStoreBackend {
  /** The one instance (containers are kept per directory). */
  public static final AzureTestBackend INSTANCE = new AzureTestBackend();
  static final String PREFIX = "uploads/";
  private static final Map<Path, String> CONTAINERS = new ConcurrentHashMap<>();

  private AzureTestBackend() {
  }

  /** Lists blobs that hold only uncommitted blocks too (uploads in progress). */
  private static ListBlobsOptions withUncommitted() {
    return new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true));
  }

  private static String containerOf(Path dir) {
    return CONTAINERS.computeIfAbsent(dir, d -> LocalAzurite.shared().newContainer());
  }

  @Override
  public UploadStore open(Path dir) {
    return LocalAzurite.shared().store(containerOf(dir), b -> b.objectPrefix(PREFIX).blockSize(1 << 20)
        .spoolDir(dir.resolve(".azure-spool")));
  }

  @Override
  public StoredUploads stored(Path dir) {
    BlobContainerClient container = LocalAzurite.shared().container(containerOf(dir));
    return new StoredUploads() {
      @Override
      public byte[] bytes(String upload) {
        var data = container.getBlobClient(PREFIX + StoredUploads.idOf(upload)).getBlockBlobClient();
        try {
          BlockState state = BlockState.of(data.listBlocks(BlockListType.ALL));
          return state.committed() ? data.downloadContent().toBytes() : new byte[(int) state.offset()];
        } catch (BlobStorageException e) {
          if (e.getStatusCode() == 404) {
            return new byte[0];
          }
          throw e;
        }
      }

      /** The committed blob's length, or what the staged blocks hold while the upload runs. */
      @Override
      public long size(String upload) {
        var data = container.getBlobClient(PREFIX + StoredUploads.idOf(upload)).getBlockBlobClient();
        try {
          return BlockState.of(data.listBlocks(BlockListType.ALL)).offset();
        } catch (BlobStorageException e) {
          if (e.getStatusCode() == 404) {
            return 0;
          }
          throw e;
        }
      }

      @Override
      public boolean exists(String upload) {
        String key = PREFIX + StoredUploads.idOf(upload);
        for (BlobItem item : container.listBlobs(withUncommitted(), null)) {
          if (item.getName().startsWith(key)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public long count() {
        long count = 0;
        for (BlobItem item : container.listBlobs(withUncommitted(), null)) {
          count++;
        }
        return count;
      }
    };
  }

  @Override
  public String idPattern() {
    return "[0-9a-f]{32}";
  }

  @Override
  public CommandLine commandLine(Path dir) {
    return new CommandLine(List.of("-azure-storage", containerOf(dir), "-azure-endpoint",
        LocalAzurite.shared().endpoint(), "-azure-object-prefix", PREFIX),
        Map.of("AZURE_STORAGE_ACCOUNT", LocalAzurite.ACCOUNT, "AZURE_STORAGE_KEY", LocalAzurite.KEY));
  }

  @Override
  public String toString() {
    return "azure";
  }
}
