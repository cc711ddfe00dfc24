package dev.resumable.tus.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads one range of an upload's stored bytes for a download, pulled by the caller (from {@link Downloader#open}).
 * The caller asks for the next bytes only once its client took the previous ones, so a client that stops reading
 * costs no thread and no more memory than the caller's one buffer and what the reader holds; with a reader that can
 * {@link #rewind}, the caller gives its buffer back too.
 *
 * <p>Threading: calls are made one at a time (never concurrently), possibly from different threads, each
 * happening-after the previous one. {@link #read} may block on the store's I/O (never on a client);
 * {@link #idle}, {@link #rewind} and {@link #close} must not block, as they may be called on a network thread.
 */
public interface DownloadReader extends Closeable {

  /**
   * Reads the next bytes of the range into {@code into}: at least one and at most {@code into.remaining()}.
   *
   * @return the number of bytes read, or -1 once every byte of the range was read
   * @throws java.io.EOFException when the store holds fewer bytes than the range
   */
  int read(ByteBuffer into) throws IOException;

  /**
   * The client has not taken bytes for a while: releases what a waiting download need not hold (a connection to the
   * store, a read-ahead buffer). The next {@link #read} continues where the last one ended.
   */
  default void idle() {
  }

  /**
   * Moves the read position back by {@code bytes}, at most what the reads so far returned: the next {@link #read}
   * returns those bytes again. A download whose client stopped reading calls it to give back its network buffer,
   * whose unsent bytes it reads again once the client reads. Must not block (called on a network thread).
   *
   * @return whether the position moved; a reader that cannot move back answers false and keeps its position
   */
  default boolean rewind(long bytes) {
    return false;
  }

  /** Releases everything, also before the end of the range (a remote stream is abandoned, never drained). */
  @Override
  void close() throws IOException;
}
