package dev.resumable.tus.store.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.resumable.tus.store.Records;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Records} as block blobs {@code <prefix>.tus/<kind>/<name>} in the store's container. The leading dot keeps
 * them apart from uploads: the upload listing takes only {@code .info} blobs directly under the prefix. An upload of
 * a block blob replaces it atomically and is durable once answered.
 */
final class AzureRecords implements Records {
  /** The folder under the store's prefix that holds records. */
  static final String FOLDER = ".tus/";

  private final BlobContainerClient container;
  private final String blobPrefix;

  AzureRecords(BlobContainerClient container, String storePrefix, String kind) {
    this.container = container;
    this.blobPrefix = storePrefix + FOLDER + kind + "/";
  }

  @Override
  public void put(String name, byte[] content) throws IOException {
    String blob = blobOf(name);
    AzureStore.call(() -> {
      container.getBlobClient(blob).getBlockBlobClient().upload(BinaryData.fromBytes(content), true);
      return null;
    });
  }

  @Override
  public Optional<byte[]> get(String name) throws IOException {
    String blob = blobOf(name);
    return AzureStore.call(() -> {
      try {
        return Optional.of(container.getBlobClient(blob).downloadContent().toBytes());
      } catch (BlobStorageException e) {
        if (e.getStatusCode() == 404) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  @Override
  public void delete(String name) throws IOException {
    String blob = blobOf(name);
    AzureStore.call(() -> container.getBlobClient(blob).deleteIfExists());
  }

  @Override
  public List<String> names() throws IOException {
    return AzureStore.call(() -> {
      List<String> names = new ArrayList<>();
      for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(blobPrefix), null)) {
        String name = item.getName().substring(blobPrefix.length());
        if (Records.isSafeName(name)) {
          names.add(name);
        }
      }
      return names;
    });
  }

  @Override
  public String describe() {
    return container.getBlobContainerUrl() + "/" + blobPrefix;
  }

  private String blobOf(String name) {
    if (!Records.isSafeName(name)) {
      throw new IllegalArgumentException("not a record name: " + name);
    }
    return blobPrefix + name;
  }
}
