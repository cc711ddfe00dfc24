package dev.resumable.tus.store;

import java.io.IOException;

/**
 * Decides, once a chunk has been read whole, whether the store may keep it (the checksum extension). Stores call it
 * after the stream ended and before the chunk becomes visible; on failure they discard the chunk.
 */
@FunctionalInterface
public interface ChunkVerifier {

  /** No verification: the store may keep bytes as they arrive, including those of a chunk cut short. */
  ChunkVerifier NONE = () -> { };

  /**
   * Throws {@link ChecksumMismatchException} when the chunk must be discarded.
   */
  void verify() throws IOException;
}
