package dev.resumable.tus.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives one chunk of an upload, pushed by the caller as bytes arrive (the push-style write SPI). A store returns
 * one from {@link UploadStore#open}; the caller then calls {@link #write} any number of times, each time with bytes
 * that are already there (never to wait for a client), and ends with exactly one {@link #finish} or {@link #abort}.
 *
 * <p>Threading: calls are made one at a time (never concurrently), possibly from different threads, each call
 * happening-after the previous one. The calls may block on the store's I/O (disk, network); the caller runs them on a
 * bounded pool of its own and stops reading from the client while a call runs (back-pressure).
 *
 * <p>Fencing: the writer calls {@code lock.ensureValid()} (the lock given to {@link UploadStore#open}) before every
 * write into the store and before every commit, so a process that lost the upload's lock writes nothing more.
 *
 * <p>Visibility: without a verifier, bytes may become part of the upload as they are written (a crash keeps them).
 * With a verifier ({@link ChunkVerifier} other than {@code NONE}) nothing of the chunk may be observable — to
 * {@link UploadStore#find}, downloads, concatenation, or after a crash — before {@link #finish} verified it.
 */
public interface ChunkWriter {

  /**
   * Appends every remaining byte of {@code bytes} (its position ends at its limit). Never called with an empty
   * buffer; the caller does not touch the buffer until the call returned.
   *
   * @throws dev.resumable.tus.lock.LockLostException when the upload's lock was lost (nothing was written)
   */
  void write(ByteBuffer bytes) throws IOException;

  /**
   * The chunk ended normally: verifies it (when a verifier was given), commits it and releases the writer's
   * resources.
   *
   * @return the upload's state after the chunk (offset = previous offset + bytes written)
   * @throws ChecksumMismatchException when verification failed: the chunk was discarded, the upload is as before
   */
  UploadInfo finish() throws IOException;

  /**
   * The chunk ended abnormally (the client went away or timed out, the request was stopped, a write failed) and
   * releases the writer's resources. With {@code keepReceived}, the bytes written so far stay part of the upload
   * when no verifier was given (an unverifiable chunk is discarded whole); without it, the writer writes nothing
   * more (use it when the lock was lost).
   *
   * @return the upload's state afterwards, as far as this writer knows it
   */
  UploadInfo abort(boolean keepReceived) throws IOException;

  /**
   * No bytes are waiting: the client is slow or has stalled, and the next {@link #write} may be seconds away or never
   * come. A writer may let go of what it holds per upload between writes (the file store closes its data file) so
   * that thousands of stalled uploads hold no file descriptors; the next write takes it again. Default: nothing.
   *
   * @throws IOException when letting go failed (for example a close reporting a failed write-back): a store failure
   */
  default void idle() throws IOException {
  }

  /** Bytes passed to {@link #write} so far. */
  long written();
}
