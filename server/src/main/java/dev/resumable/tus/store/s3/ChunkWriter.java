package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.ChunkVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends one chunk to an upload: the body is cut into part files on local disk (the current tail first), each full
 * part is uploaded by the shared {@link PartUploader} while reading goes on, and at most {@code maxBufferedParts}
 * part files exist at once, so memory and disk stay bounded whatever the chunk size. What is left at the end becomes
 * a part when {@link PartSizing} allows it, else the new tail object.
 *
 * <p>With a {@link ChunkVerifier} other than {@code NONE} nothing is uploaded before the whole chunk was read and
 * verified (S3 cannot take a part back): the chunk is spooled to disk first. A part upload that fails stops the
 * write; the parts already uploaded stay and count.
 */
final class ChunkWriter {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final S3Objects objects;
  private final PartUploader uploader;
  private final PartSizing sizing;
  private final Finisher finisher;
  private final Path tempDir;
  private final UploadState state;
  private final Reloader reload;
  private final ChunkVerifier verifier;
  private final boolean deferUploads;
  private final Semaphore buffered;
  private final List<PartFile> files = new ArrayList<>();
  private final List<Held> held = new ArrayList<>();
  private final List<Future<?>> uploads = new ArrayList<>();
  private final AtomicReference<IOException> uploadFailure = new AtomicReference<>();

  private record Held(PartFile file, int number) { }

  /** Reads the upload's state again (after the last part, to complete it). */
  @FunctionalInterface
  interface Reloader {
    UploadState reload() throws IOException;
  }

  ChunkWriter(S3Objects objects, PartUploader uploader, PartSizing sizing, Finisher finisher, Path tempDir,
      int maxBufferedParts, UploadState state, Reloader reload, ChunkVerifier verifier) {
    this.objects = objects;
    this.uploader = uploader;
    this.sizing = sizing;
    this.finisher = finisher;
    this.tempDir = tempDir;
    this.state = state;
    this.reload = reload;
    this.verifier = verifier;
    this.deferUploads = verifier != ChunkVerifier.NONE;
    this.buffered = new Semaphore(Math.max(1, maxBufferedParts));
  }

  /** Reads {@code data} to its end and stores it; returns the bytes read from it. */
  long write(InputStream data) throws IOException {
    try {
      return run(data);
    } finally {
      // never release the upload while part uploads of this write may still run
      awaitUploads();
      for (PartFile file : files) {
        file.close();
      }
    }
  }

  private long run(InputStream data) throws IOException {
    for (int orphan : state.orphans()) {
      objects.uploadEmptyPart(state.ref(), orphan);
    }
    long size = state.size();
    int number = state.nextPart();
    long partStart = state.partsBytes();
    long read = 0;
    IOException streamError = null;
    PartFile current = newFile();
    if (state.tailSize() > 0) {
      objects.downloadTail(state.ref().objectId(), current.path());
      current.adopt();
    }
    byte[] buffer = new byte[BUFFER_SIZE];
    long cut = sizing.cut(size, partStart, number);
    while (true) {
      if (current.size() >= cut) {
        seal(current, number);
        partStart += current.size();
        number++;
        cut = sizing.cut(size, partStart, number);
        current = null;
        if (uploadFailure.get() != null) {
          break;
        }
        current = newFile();
      }
      int n;
      try {
        n = data.read(buffer, 0, (int) Math.min(buffer.length, cut - current.size()));
      } catch (IOException e) {
        streamError = e;
        break;
      }
      if (n < 0) {
        break;
      }
      current.append(buffer, n);
      read += n;
    }
    boolean interrupted = Thread.interrupted();
    try {
      return finish(current, read, partStart, number, streamError);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** After the body ended: verification, the last piece (part or tail), waiting for uploads, completion. */
  private long finish(PartFile current, long read, long partStart, int number, IOException streamError)
      throws IOException {
    long size = state.size();
    if (deferUploads) {
      if (streamError != null) {
        throw streamError;
      }
      verifier.verify();
      for (Held part : held) {
        submit(part.file(), part.number());
      }
    }
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
    String tailKey = objects.keys().tail(state.ref().objectId());
    if (tail != null) {
      tail.seal();
      objects.putTail(state.ref().objectId(), tail.path(), number);
    } else if (state.tailExists() && (read > 0 || state.tailSize() == 0)) {
      objects.delete(tailKey);
    }
    if (size >= 0 && partStart == size && tail == null && !state.completed()) {
      finisher.finish(reload.reload());
    }
    if (streamError != null) {
      throw streamError;
    }
    return read;
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

  private void seal(PartFile file, int number) throws IOException {
    if (number > sizing.maxParts()) {
      throw new IOException("the upload needs more than " + sizing.maxParts() + " parts; raise -s3-part-size");
    }
    file.seal();
    if (deferUploads) {
      held.add(new Held(file, number));
    } else {
      submit(file, number);
    }
  }

  private void submit(PartFile file, int number) {
    uploads.add(uploader.submit(() -> {
      try {
        if (uploadFailure.get() == null) {
          objects.uploadPart(state.ref(), number, file.path());
        }
      } catch (IOException | RuntimeException e) {
        uploadFailure.compareAndSet(null, e instanceof IOException ? (IOException) e : new IOException(e));
      } finally {
        file.close();
        if (!deferUploads) {
          buffered.release();
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
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
