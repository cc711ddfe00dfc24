package dev.resumable.tus.store.s3;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockLostException;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.s3.S3Objects.Precondition;
import dev.resumable.tus.store.s3.S3Objects.PreconditionFailedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Appends one chunk to an upload, pushed as bytes arrive: the chunk is cut into part files on local disk (the current
 * tail first), each full part is uploaded by the shared {@link PartUploader} while more bytes come, and at most
 * {@code maxBufferedParts} part files of this chunk exist at once (a {@link #write} waits for a part upload to end
 * beyond that), so memory and disk stay bounded whatever the chunk size. What is left at the end becomes a part
 * when {@link PartSizing} allows it, else the new tail object.
 *
 * <p>With a {@link ChunkVerifier} other than {@code NONE} nothing is uploaded before the whole chunk was received
 * and verified (S3 cannot take a part back): the chunk is spooled to disk first, within the store's process-wide
 * {@link SpoolBudget}. A part upload that fails stops the write; the parts already uploaded stay and count.
 *
 * <p>S3 requests: the state comes from the caller's read (nothing is read again); a chunk that stays below a part
 * costs one PutObject of the tail (plus one GetObject of the previous tail, if any); the last chunk completes the
 * upload with the ETags the part uploads returned. Fencing: {@link Lock#ensureValid()} before every part upload, the
 * tail and the completion, and the tail is written only if it is still the one the state saw (ETag, or absent).
 */
final class S3ChunkWriter implements ChunkWriter {
  private final S3Objects objects;
  private final PartUploader uploader;
  private final PartSizing sizing;
  private final Finisher finisher;
  private final Path tempDir;
  private final UploadState state;
  private final TailCache tails;
  private final ChunkVerifier verifier;
  private final Lock lock;
  private final boolean deferUploads;
  private final Semaphore buffered;
  private final SpoolBudget spool;
  private final List<PartFile> files = new ArrayList<>();
  private final List<Held> held = new ArrayList<>();
  private final List<Future<?>> uploads = new ArrayList<>();
  private final AtomicReference<IOException> uploadFailure = new AtomicReference<>();
  private final AtomicLong spooled = new AtomicLong();
  /** ETags of the parts this write uploaded, by part number. */
  private final Map<Integer, String> uploaded = new ConcurrentHashMap<>();
  /** How long a writer whose parts are being uploaded waits for temp-disk room. */
  private static final long SPOOL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private PartFile current;
  private int number;
  private long partStart;
  private long cut;
  private long read;
  private boolean ended;

  private record Held(PartFile file, int number) { }

  /** Prepares the write: empties orphaned parts and brings the current tail back to a local part file. */
  S3ChunkWriter(S3Objects objects, PartUploader uploader, PartSizing sizing, Finisher finisher, Path tempDir,
      int maxBufferedParts, SpoolBudget spool, UploadState state, TailCache tails, ChunkVerifier verifier,
      Lock lock) throws IOException {
    this.objects = objects;
    this.uploader = uploader;
    this.sizing = sizing;
    this.finisher = finisher;
    this.tempDir = tempDir;
    this.state = state;
    this.tails = tails;
    this.verifier = verifier;
    this.lock = lock;
    this.spool = spool;
    this.deferUploads = verifier != ChunkVerifier.NONE;
    this.buffered = new Semaphore(Math.max(1, maxBufferedParts));
    try {
      lock.ensureValid();
      for (int orphan : state.orphans()) {
        objects.uploadEmptyPart(state.ref(), orphan);
      }
      this.number = state.nextPart();
      this.partStart = state.partsBytes();
      this.current = newFile();
      if (state.tailSize() > 0) {
        String objectId = state.ref().objectId();
        Optional<byte[]> known = state.tail().flatMap(t -> tails.get(objectId, t.eTag()));
        if (known.isPresent()) {
          current.append(ByteBuffer.wrap(known.get()));
        } else {
          objects.downloadTail(objectId, current.path());
          current.adopt();
        }
        reserve(current.size());
      }
      this.cut = sizing.cut(state.size(), partStart, number);
    } catch (IOException | RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public void write(ByteBuffer bytes) throws IOException {
    lock.ensureValid();
    while (bytes.hasRemaining()) {
      if (uploadFailure.get() != null) {
        throw uploadFailure.get();
      }
      if (current.size() >= cut) {
        seal(current, number);
        partStart += current.size();
        number++;
        cut = sizing.cut(state.size(), partStart, number);
        current = null;
        current = newFile();
      }
      int n = (int) Math.min(bytes.remaining(), cut - current.size());
      reserve(n);
      ByteBuffer slice = bytes.duplicate();
      slice.limit(slice.position() + n);
      current.append(slice);
      bytes.position(bytes.position() + n);
      read += n;
    }
  }

  /**
   * Closes the part file being filled (a stalled client holds no descriptor; the next write reopens it). Parts
   * already sealed are being uploaded or, for a checksummed chunk, wait closed on disk; no S3 connection is held
   * between calls.
   */
  @Override
  public void idle() throws IOException {
    if (current != null) {
      current.idle();
    }
  }

  @Override
  public UploadInfo finish() throws IOException {
    try {
      if (deferUploads) {
        verifier.verify();
        lock.ensureValid();
        for (Held part : held) {
          submit(part.file(), part.number());
        }
      }
      commit();
      return after(read);
    } finally {
      release();
    }
  }

  @Override
  public UploadInfo abort(boolean keepReceived) throws IOException {
    try {
      if (!keepReceived || deferUploads || !lock.isValid()) {
        awaitUploads();
        return after(0);
      }
      commit();
      return after(read);
    } finally {
      release();
    }
  }

  @Override
  public long written() {
    return read;
  }

  private UploadInfo after(long appended) {
    return state.info().withOffset(state.offset() + appended).withLastModified(Instant.now());
  }

  /** After the body ended: the last piece (part or tail), waiting for uploads, completion. */
  private void commit() throws IOException {
    ended = true;
    long size = state.size();
    PartFile tail = null;
    if (current != null && read > 0 && current.size() > 0 && uploadFailure.get() == null) {
      if (sizing.mayCommit(current.size(), size, partStart, number)) {
        seal(current, number);
        if (deferUploads) {
          submit(current, number);
        }
        partStart += current.size();
        number++;
      } else {
        tail = current;
      }
    }
    awaitUploads();
    if (uploadFailure.get() != null) {
      throw uploadFailure.get();
    }
    lock.ensureValid();
    String tailKey = objects.keys().tail(state.ref().objectId());
    String objectId = state.ref().objectId();
    if (tail != null) {
      tail.seal();
      String eTag;
      try {
        eTag = objects.putTail(objectId, tail.path(), number, Precondition.asSeen(state.tail()));
      } catch (PreconditionFailedException e) {
        // another holder changed the tail since this write's state was read: this process lost the upload
        tails.remove(objectId);
        throw new LockLostException(state.ref().id());
      }
      if (tail.size() <= TailCache.MAX_ENTRY_BYTES) {
        tails.put(objectId, eTag, Files.readAllBytes(tail.path()));
      } else {
        tails.remove(objectId);
      }
    } else if (state.tailExists() && (read > 0 || state.tailSize() == 0)) {
      tails.remove(objectId);
      objects.delete(tailKey);
    }
    if (size >= 0 && partStart == size && tail == null && !state.completed()) {
      lock.ensureValid();
      finisher.finish(state.ref(), completedParts());
    }
  }

  /** Every part of the upload now: those the state listed, then those this write uploaded (replacing any). */
  private List<CompletedPart> completedParts() {
    Map<Integer, String> eTags = new TreeMap<>();
    for (Part part : state.parts()) {
      eTags.put(part.partNumber(), part.eTag());
    }
    eTags.putAll(uploaded);
    List<CompletedPart> parts = new ArrayList<>();
    eTags.forEach((number, eTag) -> parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build()));
    return parts;
  }

  private void release() {
    if (!ended) {
      ended = true;
    }
    awaitUploads();
    for (PartFile file : files) {
      file.close();
    }
    spool.release(spooled.getAndSet(0));
  }

  /** Counts bytes on temp disk against the store-wide budget (waiting while it is exhausted). */
  private void reserve(long bytes) throws IOException {
    spool.acquire(bytes, deferUploads ? 0 : SPOOL_WAIT_NANOS);
    spooled.addAndGet(bytes);
  }

  private PartFile newFile() throws IOException {
    if (!deferUploads) {
      try {
        buffered.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for a part upload");
      }
    }
    PartFile file = new PartFile(tempDir);
    files.add(file);
    return file;
  }

  private void seal(PartFile file, int partNumber) throws IOException {
    if (partNumber > sizing.maxParts()) {
      throw new IOException("the upload needs more than " + sizing.maxParts() + " parts; raise -s3-part-size");
    }
    file.seal();
    if (deferUploads) {
      held.add(new Held(file, partNumber));
    } else {
      submit(file, partNumber);
    }
  }

  private void submit(PartFile file, int partNumber) {
    uploads.add(uploader.submit(() -> {
      long size = file.size();
      try {
        if (uploadFailure.get() == null) {
          lock.ensureValid();
          uploaded.put(partNumber, objects.uploadPart(state.ref(), partNumber, file.path()));
        }
      } catch (IOException | RuntimeException e) {
        uploadFailure.compareAndSet(null, e instanceof IOException ? (IOException) e : new IOException(e));
      } finally {
        file.close();
        if (!deferUploads) {
          buffered.release();
          spool.release(size);
          spooled.addAndGet(-size);
        }
      }
      return null;
    }));
  }

  private void awaitUploads() {
    boolean interrupted = false;
    for (Future<?> upload : uploads) {
      while (true) {
        try {
          upload.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          uploadFailure.compareAndSet(null, new IOException(e.getCause()));
          break;
        }
      }
    }
    uploads.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
