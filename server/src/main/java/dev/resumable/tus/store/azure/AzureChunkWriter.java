package dev.resumable.tus.store.azure;

import com.azure.core.util.BinaryData;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.UploadInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk into an Azure upload. Without a verifier, bytes collect in a buffer that grows up to the block size
 * (reserved from the shared {@link BlockBudget}); a full buffer — or one that may not grow because the budget is
 * spent — is staged as the next block, synchronously, so at most one block per upload is in flight and blocks are
 * staged in order (a crash leaves a gap-free prefix). With a verifier, the chunk is spooled to a temporary file and
 * staged only after {@link ChunkVerifier#verify()} passed, so nothing of it is visible before. When the chunk
 * completes the upload, the block list is committed.
 */
final class AzureChunkWriter implements ChunkWriter {
  private final AzureStore store;
  private final UploadInfo upload;
  private final ChunkVerifier verifier;
  private final Lock lock;
  private final int blockSize;
  private final BlockBudget budget;
  private final Path spoolDir;
  private final List<Integer> indexes;
  private byte[] buffer = new byte[0];
  private int filled;
  private long reserved;
  private long written;
  private long staged;
  private Path spool;
  private FileChannel spoolChannel;
  private boolean ended;

  AzureChunkWriter(AzureStore store, UploadInfo upload, BlockState blocks, ChunkVerifier verifier, Lock lock,
      int blockSize, BlockBudget budget, Path spoolDir) {
    this.store = store;
    this.upload = upload;
    this.verifier = verifier;
    this.lock = lock;
    this.blockSize = blockSize;
    this.budget = budget;
    this.spoolDir = spoolDir;
    this.indexes = new ArrayList<>(blocks.indexes());
  }

  private boolean verified() {
    return verifier != ChunkVerifier.NONE;
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    written += bytes.remaining();
    if (verified()) {
      spool(bytes);
      return;
    }
    while (bytes.hasRemaining()) {
      if (filled == buffer.length && !grow()) {
        stageBuffer();
        continue;
      }
      int n = Math.min(bytes.remaining(), buffer.length - filled);
      bytes.get(buffer, filled, n);
      filled += n;
      if (filled == blockSize) {
        stageBuffer();
      }
    }
  }

  /** Doubles the buffer up to the block size when the budget allows; the first 64 KiB are always allowed. */
  private boolean grow() {
    if (buffer.length >= blockSize) {
      return false;
    }
    int target = (int) Math.min(blockSize, Math.max(BlockBudget.MIN_BUFFER, (long) buffer.length * 2));
    long more = target - buffer.length;
    if (buffer.length == 0) {
      budget.reserve(more);
      reserved += more;
    } else if (budget.tryReserve(more)) {
      reserved += more;
    } else {
      return false;
    }
    buffer = Arrays.copyOf(buffer, target);
    return true;
  }

  private void stageBuffer() throws IOException {
    if (filled == 0) {
      return;
    }
    stage(filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled), filled);
    filled = 0;
  }

  private void stage(byte[] block, int length) throws IOException {
    lock.ensureValid();
    int index = indexes.isEmpty() ? 0 : indexes.get(indexes.size() - 1) + 1;
    if (index >= BlockIds.SENTINEL) {
      throw new IOException("upload " + upload.id() + " has no block index left");
    }
    AzureStore.call(() -> {
      store.data(upload.id()).stageBlock(BlockIds.of(index), BinaryData.fromBytes(block));
      return null;
    });
    indexes.add(index);
    staged += length;
  }

  private void spool(ByteBuffer bytes) throws IOException {
    if (spool == null) {
      Files.createDirectories(spoolDir);
      spool = Files.createTempFile(spoolDir, "azure-chunk-", ".tmp");
    }
    if (spoolChannel == null) {
      spoolChannel = FileChannel.open(spool, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    while (bytes.hasRemaining()) {
      spoolChannel.write(bytes);
    }
  }

  /**
   * Closes the spool file between writes (a stalled checksummed PATCH holds no descriptor; the next write reopens
   * it). A plain chunk holds only its in-memory buffer; no connection is held between calls (staging is synchronous).
   */
  @Override
  public void idle() throws IOException {
    if (spoolChannel != null) {
      FileChannel open = spoolChannel;
      spoolChannel = null;
      open.close();
    }
  }

  private void stageSpool() throws IOException {
    if (spool == null) {
      return;
    }
    idle();
    try (InputStream in = Files.newInputStream(spool)) {
      byte[] block = new byte[(int) Math.min(blockSize, Math.max(1, written))];
      int n;
      while ((n = in.readNBytes(block, 0, block.length)) > 0) {
        stage(n == block.length ? block.clone() : Arrays.copyOf(block, n), n);
      }
    }
  }

  @Override
  public UploadInfo finish() throws IOException {
    try {
      if (verified()) {
        verifier.verify();
        stageSpool();
      } else {
        stageBuffer();
      }
      return commitIfComplete();
    } finally {
      release();
    }
  }

  /** The state after the staged bytes; commits the block list when they complete the upload. */
  private UploadInfo commitIfComplete() throws IOException {
    UploadInfo after = upload.withOffset(upload.offset() + staged).withLastModified(Instant.now());
    if (after.isComplete() && staged > 0) {
      lock.ensureValid();
      AzureStore.call(() -> {
        store.complete(upload.id(), indexes);
        return null;
      });
    }
    return after;
  }

  @Override
  public UploadInfo abort(boolean keepReceived) throws IOException {
    try {
      if (keepReceived && !verified()) {
        stageBuffer();
        return commitIfComplete();
      }
      return upload.withOffset(upload.offset() + staged).withLastModified(Instant.now());
    } finally {
      release();
    }
  }

  private void release() throws IOException {
    if (ended) {
      return;
    }
    ended = true;
    buffer = new byte[0];
    budget.release(reserved);
    reserved = 0;
    idle();
    if (spool != null) {
      Files.deleteIfExists(spool);
    }
  }

  @Override
  public long written() {
    return written;
  }
}
