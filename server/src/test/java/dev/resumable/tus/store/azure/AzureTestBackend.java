package dev.resumable.tus.store.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.testing.StoredUploads;
import dev.resumable.tus.testing.TestBackend;
import dev.resumable.tus.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's {@link TestServer}s on the Azure store over the shared Azurite: register it with
 * {@code @ExtendWith(AzureTestBackend.class)} on a subclass of a protocol test. Each test directory gets its own
 * container (the same one when a test restarts its server on the same directory), created by the store.
 *
 * <p>Azure cannot read uncommitted blocks back, so for an unfinished upload {@link StoredUploads#bytes} answers
 * zero bytes of the stored length (the length is real, from the block list; the content is only checkable once the
 * upload is complete and committed).
 */
public final class AzureTestBackend implements TestBackend, BeforeEachCallback, AfterEachCallback {
  static final String PREFIX = "uploads/";
  private static final Map<Path, String> CONTAINERS = new ConcurrentHashMap<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    TestServer.use(this);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestServer.use(TestBackend.FILE);
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
}
