package dev.resumable.tus.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The storage seam: what the HTTP layer needs from any store (local disk, S3, …).
 *
 * <p>This core covers creating an upload, reading its state and appending a chunk. Everything else is an optional
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
   * Appends the bytes of {@code data} to the upload, which must currently hold exactly {@code offset} bytes.
   *
   * <p>The store reads {@code data} to its end, keeping memory bounded whatever the chunk size. When the stream fails
   * midway (a client that went away), every byte received before the failure is kept, unless {@code verifier} is not
   * {@link ChunkVerifier#NONE}: an unverifiable chunk is discarded whole. Once the stream ended, the store calls
   * {@link ChunkVerifier#verify()} before the chunk becomes part of the upload; when it throws, the chunk is
   * discarded and the upload is left exactly as it was.
   *
   * @return the number of bytes appended
   * @throws UploadNotFoundException when the upload does not exist
   * @throws OffsetMismatchException when the stored length is not {@code offset}
   */
  long write(String id, long offset, InputStream data, ChunkVerifier verifier) throws IOException;

  /** Throws when the store cannot serve requests now (readiness). */
  default void checkReady() throws IOException {
  }

  /** Releases the store's resources. */
  @Override
  default void close() throws IOException {
  }
}
