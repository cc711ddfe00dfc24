package dev.resumable.tus.http;

import dev.resumable.tus.store.UploadInfo;

/**
 * Observes upload life-cycle events after they happened (metrics, notifications). Called on the request thread:
 * implementations must be quick and must not throw; the hook transports that need more hand the work to their own
 * threads.
 */
public interface UploadListener {

  /** A new upload exists. */
  default void created(UploadInfo upload) {
  }

  /** A request body delivered {@code bytes} bytes for an upload, whether or not they were kept. */
  default void bodyRead(String uploadId, long bytes) {
  }

  /** Bytes were appended to an upload; {@code upload} carries the new offset. */
  default void received(UploadInfo upload, long bytes) {
  }

  /** The upload holds all its bytes (also a final upload once concatenated). */
  default void finished(UploadInfo upload) {
  }

  /** The upload was deleted by a client ({@code expired} false) or by the expiration sweep. */
  default void terminated(UploadInfo upload, boolean expired) {
  }
}
