package dev.resumable.tus.store.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.Concatenater;
import dev.resumable.tus.store.Downloader;
import dev.resumable.tus.store.LengthDeferrer;
import dev.resumable.tus.store.Lister;
import dev.resumable.tus.store.OffsetMismatchException;
import dev.resumable.tus.store.RecordKeeper;
import dev.resumable.tus.store.Records;
import dev.resumable.tus.store.Terminater;
import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadNotFoundException;
import dev.resumable.tus.store.UploadStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Uploads as Azure block blobs, in tusd azurestore's layout (so tusd's containers are served as they are):
 * <ul>
 *   <li>{@code <prefix><id>.info}: the description (JSON, tusd field names);</li>
 *   <li>{@code <prefix><id>}: a block blob; a new upload stages tusd's one-byte sentinel block, data are staged as
 *   blocks indexed 0, 1, 2, … and stay uncommitted until the upload is complete, when the block list is committed
 *   (with the configured access tier).</li>
 * </ul>
 * The offset is derived from the block list ({@link BlockState}); blocks are staged one at a time per upload, in
 * order, so a crash leaves a gap-free prefix of the bytes. Terminating commits an empty list (dropping uncommitted
 * blocks at once) and deletes both blobs. Concatenation streams the finished partial blobs into the final's blocks.
 */
public final class AzureStore implements UploadStore, Terminater, LengthDeferrer, Concatenater, Downloader, Lister,
    RecordKeeper {
  /** {@code Storage.Type}, as tusd records it. */
  public static final String TYPE = "azurestore";
  /** Largest block blob: 50,000 blocks of 4000 MiB (tusd's MaxBlockBlobSize). */
  public static final long MAX_UPLOAD_SIZE = 50_000L * 4000 * 1024 * 1024;
  static final int MAX_BLOCKS = 50_000;
  static final long MAX_BLOCK_SIZE = 4000L * 1024 * 1024;
  private static final String INFO_SUFFIX = ".info";

  private final BlobContainerClient container;
  private final String prefix;
  private final AccessTier tier;
  private final int blockSize;
  private final BlockBudget budget;
  private final Path spoolDir;
  private final ObjectMapper json = new ObjectMapper();

  AzureStore(BlobContainerClient container, String objectPrefix, AccessTier tier, int blockSize, long bufferBudget,
      Path spoolDir) {
    this.container = container;
    this.prefix = prefixOf(objectPrefix);
    this.tier = tier;
    this.blockSize = blockSize;
    this.budget = new BlockBudget(bufferBudget);
    this.spoolDir = spoolDir;
  }

  /** A builder: container, credentials, endpoint, prefix, tiers. */
  public static AzureStoreBuilder builder() {
    return new AzureStoreBuilder();
  }

  /** tusd's rule: a non-empty prefix always ends with {@code /}. */
  static String prefixOf(String objectPrefix) {
    if (objectPrefix == null || objectPrefix.isEmpty()) {
      return "";
    }
    return objectPrefix.endsWith("/") ? objectPrefix : objectPrefix + "/";
  }

  @Override
  public String type() {
    return TYPE;
  }

  String dataKey(String id) {
    return prefix + id;
  }

  BlockBlobClient data(String id) {
    return container.getBlobClient(dataKey(id)).getBlockBlobClient();
  }

  private BlobClient infoBlob(String id) {
    return container.getBlobClient(prefix + id + INFO_SUFFIX);
  }

  /** Where the blobs are, for logs. */
  public String describe() {
    return container.getBlobContainerUrl() + "/" + prefix;
  }

  @Override
  public UploadInfo create(UploadInfo info) throws IOException {
    if (!info.sizeIsDeferred() && info.size() > MAX_UPLOAD_SIZE) {
      throw new IOException("upload of " + info.size() + " bytes exceeds the largest block blob");
    }
    if (info.id().endsWith(INFO_SUFFIX)) {
      throw new UploadIdTakenException(info.id(), "it would share blobs with upload "
          + info.id().substring(0, info.id().length() - INFO_SUFFIX.length()));
    }
    Map<String, String> storage = new LinkedHashMap<>();
    storage.put("Type", TYPE);
    storage.put("Container", container.getBlobContainerName());
    storage.put("Key", dataKey(info.id()));
    UploadInfo stored = info.withOffset(0).withStorage(storage);
    call(() -> {
      createInfo(stored);
      data(info.id()).stageBlock(BlockIds.of(BlockIds.SENTINEL), BinaryData.fromBytes(new byte[] {0}));
      if (stored.isComplete()) {
        commit(info.id(), List.of());
      }
      return null;
    });
    return stored.withLastModified(Instant.now());
  }

  /**
   * Writes a new upload's {@code .info} only if no blob has its name ({@code If-None-Match: *}): an ID chosen outside
   * the server (a pre-create hook's) that another upload holds is refused, atomically, before anything is written.
   */
  private void createInfo(UploadInfo info) throws IOException {
    byte[] bytes = json.writeValueAsBytes(info.withOffset(0));
    BlockBlobSimpleUploadOptions options = new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(bytes))
        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    try {
      infoBlob(info.id()).getBlockBlobClient().uploadWithResponse(options, null, null);
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
        throw new UploadIdTakenException(info.id(), "its .info blob exists");
      }
      throw e;
    }
  }

  void writeInfo(UploadInfo info) throws IOException {
    byte[] bytes = json.writeValueAsBytes(info.withOffset(0));
    infoBlob(info.id()).getBlockBlobClient().upload(BinaryData.fromBytes(bytes), true);
  }

  @Override
  public Optional<UploadInfo> find(String id) throws IOException {
    return call(() -> {
      BinaryData raw;
      Instant modified;
      try {
        var response = infoBlob(id).downloadContentWithResponse(null, null, null, null);
        raw = response.getValue();
        modified = response.getDeserializedHeaders().getLastModified().toInstant();
      } catch (BlobStorageException e) {
        if (e.getStatusCode() == 404) {
          return Optional.empty();
        }
        throw e;
      }
      UploadInfo info = json.readValue(raw.toBytes(), UploadInfo.class);
      BlockState blocks = blocks(id);
      return Optional.of(info.withOffset(blocks.offset()).withLastModified(modified));
    });
  }

  /** The data blob's block state; an absent blob holds nothing (tusd treats it alike). */
  BlockState blocks(String id) {
    try {
      return BlockState.of(data(id).listBlocks(BlockListType.ALL));
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        return BlockState.MISSING;
      }
      throw e;
    }
  }

  void commit(String id, List<Integer> indexes) {
    List<String> ids = new ArrayList<>(indexes.size());
    indexes.forEach(index -> ids.add(BlockIds.of(index)));
    BlockBlobCommitBlockListOptions options = new BlockBlobCommitBlockListOptions(ids);
    if (tier != null) {
      options.setTier(tier);
    }
    data(id).commitBlockListWithResponse(options, null, null);
  }

  @Override
  public ChunkWriter open(UploadInfo upload, ChunkVerifier verifier, Lock lock) throws IOException {
    BlockState blocks = call(() -> {
      if (!infoBlob(upload.id()).exists()) {
        throw new UploadNotFoundException(upload.id());
      }
      return blocks(upload.id());
    });
    if (blocks.offset() != upload.offset()) {
      throw new OffsetMismatchException(upload.offset(), blocks.offset());
    }
    if (blocks.committed() && !upload.isComplete()) {
      throw new IOException("upload " + upload.id() + " is committed but not complete");
    }
    long remaining = upload.sizeIsDeferred() ? MAX_UPLOAD_SIZE : upload.size() - upload.offset();
    return new AzureChunkWriter(this, upload, blocks, verifier, lock, blockSizeFor(upload, blocks, remaining),
        budget, spoolDir);
  }

  /** Blocks large enough that the rest of the upload fits in the blocks the blob has left. */
  int blockSizeFor(UploadInfo upload, BlockState blocks, long remaining) {
    long left = Math.max(1, MAX_BLOCKS - blocks.indexes().size() - 1);
    long needed = (remaining + left - 1) / left;
    return (int) Math.min(Integer.MAX_VALUE - 16, Math.max(blockSize, needed));
  }

  /** Called by the writer once its chunk completed the upload. */
  void complete(String id, List<Integer> indexes) {
    commit(id, indexes);
  }

  @Override
  public void declareLength(String id, long length) throws IOException {
    call(() -> {
      UploadInfo info = find(id).orElseThrow(() -> new UploadNotFoundException(id));
      UploadInfo declared = info.withSize(length);
      writeInfo(declared);
      if (declared.isComplete()) {
        commit(id, blocks(id).indexes());
      }
      return null;
    });
  }

  @Override
  public void terminate(String id) throws IOException {
    call(() -> {
      if (!infoBlob(id).exists()) {
        throw new UploadNotFoundException(id);
      }
      infoBlob(id).deleteIfExists();
      try {
        // an empty commit drops the uncommitted blocks now rather than after Azure's 7 days
        data(id).commitBlockList(List.of(), true);
      } catch (BlobStorageException e) {
        if (e.getStatusCode() != 404) {
          throw e;
        }
      }
      data(id).deleteIfExists();
      return null;
    });
  }

  @Override
  public void concatenate(String finalId, List<String> partialIds) throws IOException {
    call(() -> {
      UploadInfo info = find(finalId).orElseThrow(() -> new UploadNotFoundException(finalId));
      List<Integer> indexes = new ArrayList<>();
      long total = 0;
      byte[] buffer = new byte[blockSize];
      for (String partial : partialIds) {
        try (InputStream in = data(partial).openInputStream()) {
          int filled;
          while ((filled = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            data(finalId).stageBlock(BlockIds.of(indexes.size()), BinaryData.fromBytes(
                filled == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, filled)));
            indexes.add(indexes.size());
            total += filled;
          }
        }
      }
      writeInfo(info.withSize(total));
      commit(finalId, indexes);
      return null;
    });
  }

  @Override
  public InputStream read(String id, long start, long length) throws IOException {
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    return call(() -> data(id).openInputStream(new BlobInputStreamOptions().setRange(new BlobRange(start, length))));
  }

  @Override
  public List<String> listIds() throws IOException {
    return call(() -> {
      List<String> ids = new ArrayList<>();
      for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
        String name = item.getName();
        if (name.endsWith(INFO_SUFFIX)) {
          String id = name.substring(prefix.length(), name.length() - INFO_SUFFIX.length());
          if (!id.isEmpty() && !id.contains("/")) {
            ids.add(id);
          }
        }
      }
      return ids;
    });
  }

  /** Records under {@code <prefix>.tus/<kind>/} (see {@link AzureRecords}). */
  @Override
  public Records records(String kind) {
    return new AzureRecords(container, prefix, kind);
  }

  @Override
  public void checkReady() throws IOException {
    call(() -> container.getProperties());
  }

  /** Bytes held in block buffers now (metrics, tests). */
  public long bufferedBytes() {
    return budget.used();
  }

  /** An Azure call whose failures become {@link IOException}s with Azure's error code. */
  interface AzureCall<T> {
    T run() throws IOException;
  }

  static <T> T call(AzureCall<T> call) throws IOException {
    try {
      return call.run();
    } catch (BlobStorageException e) {
      throw new IOException("Azure answered " + e.getStatusCode() + " " + e.getErrorCode(), e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("Azure request failed: " + e.getMessage(), e);
    }
  }
}
