package dev.resumable.tus.store;

import dev.resumable.tus.lock.Lock;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The storage seam: what the HTTP layer needs from any store (local disk, S3, …).
 *
 * <p>This core covers creating an upload, reading its state and appending a chunk ({@link #open}: a push-style
 * {@link ChunkWriter}, so the HTTP layer never lends a thread to a slow client). Everything else is an optional
 * capability the store opts into by also implementing {@link Terminater}, {@link LengthDeferrer},
 * {@link Concatenater}, {@link Downloader} or {@link Lister}; the handler advertises exactly the tus extensions the
 * configured store can serve.
 *
 * <p>Stores do not lock: the caller holds the upload's lock (see {@code dev.resumable.tus.lock}) around every
 * mutating call. Reads ({@link #info}) must be safe while a write is running and must report durable state only.
 */
public interface UploadStore extends Closeable {

  /** A short name for logs and the {@code Storage.Type} field, e.g. {@code filestore}. */
  String type();

  /**
   * Creates a new, empty upload described by {@code info} (its ID already chosen by the caller and unused).
   * A store may extend the ID (the S3 store answers {@code <id>+<multipartUploadId>}, as tusd does); the caller
   * uses the returned ID from then on.
   *
   * <p>The store never overwrites: an ID that is in use, or that would share a file or object with another upload,
   * is refused with {@link UploadIdTakenException} before anything is written (IDs a pre-create hook chose can be
   * anything the URL syntax allows).
   *
   * @return the stored description, with {@link UploadInfo#storage()} filled in
   * @throws UploadIdTakenException when the ID is taken or would collide
   */
  UploadInfo create(UploadInfo info) throws IOException;

  /** The current durable state of an upload, or empty when the store does not know the ID. */
  Optional<UploadInfo> find(String id) throws IOException;

  /**
   * A cheap look, without the upload's lock, at whether an upload may exist: false only when the store knows it does
   * not, and a caller then answers 404 without asking the locker (so a request for an unknown ID creates no lock
   * state — a lease file, a key — named after it). True is no promise: the read under the lock still decides, since
   * an upload can be deleted meanwhile. Default: true, for stores where knowing costs a request of its own (S3,
   * Azure); the read under the lock then answers.
   */
  default boolean mayExist(String id) throws IOException {
    return true;
  }

  /**
   * Opens a writer that appends one chunk to {@code upload} (push style: see {@link ChunkWriter}). The caller holds
   * the upload's {@code lock} and passes the state it found under that lock, so the store need not read it again;
   * the chunk starts at {@code upload.offset()}. The store may check that offset cheaply against its data.
   *
   * <p>Once the chunk ended, the writer calls {@link ChunkVerifier#verify()} (when not {@link ChunkVerifier#NONE})
   * before the chunk becomes part of the upload; when it throws, the chunk is discarded and the upload is left
   * exactly as it was. Before that, nothing of a verified chunk is observable.
   *
   * @param lock the upload's lock: the writer calls {@link Lock#ensureValid()} before every write and commit
   * @throws UploadNotFoundException when the upload does not exist
   * @throws OffsetMismatchException when the stored length is not {@code upload.offset()}
   */
  ChunkWriter open(UploadInfo upload, ChunkVerifier verifier, Lock lock) throws IOException;

  /**
   * Appends the bytes of {@code data} to the upload, which must currently hold exactly {@code offset} bytes: a
   * blocking convenience over {@link #open} for callers that hold the upload's lock and own a thread (tools, tests).
   * It reads the state, reads {@code data} to its end through the writer and finishes it; when the stream fails
   * midway, the bytes received before the failure are kept (unless a verifier was given) and the failure rethrown.
   *
   * @return the number of bytes appended
   * @throws UploadNotFoundException when the upload does not exist
   * @throws OffsetMismatchException when the stored length is not {@code offset}
   */
  default long write(String id, long offset, InputStream data, ChunkVerifier verifier) throws IOException {
    UploadInfo upload = find(id).orElseThrow(() -> new UploadNotFoundException(id));
    if (upload.offset() != offset) {
      throw new OffsetMismatchException(offset, upload.offset());
    }
    return ChunkWriters.pump(open(upload, verifier, ChunkWriters.unfenced(id)), data);
  }

  /** Throws when the store cannot serve requests now (readiness). */
  default void checkReady() throws IOException {
  }

  /** Releases the store's resources. */
  @Override
  default void close() throws IOException {
  }
}
