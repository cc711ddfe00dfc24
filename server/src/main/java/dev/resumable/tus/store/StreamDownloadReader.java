package dev.resumable.tus.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A {@link DownloadReader} over blocking streams of a range: the stream is opened at the first read, released when
 * the client is idle, and opened again at the same position when bytes are wanted again. Stores whose downloads are
 * streams (object stores) use it, each saying how to abandon a stream it did not read to its end.
 */
public final class StreamDownloadReader implements DownloadReader {
  private static final int MAX_CHUNK = 64 * 1024;

  /** Opens a stream of {@code length} bytes from {@code start}. */
  @FunctionalInterface
  public interface Opener {
    InputStream open(long start, long length) throws IOException;
  }

  /** Releases a stream; {@code complete} when every byte of its range was read. Must not block. */
  @FunctionalInterface
  public interface Releaser {
    void release(InputStream stream, boolean complete) throws IOException;
  }

  private final Opener opener;
  private final Releaser releaser;
  private final long start;
  private final long end;
  private long position;
  private InputStream stream;
  private byte[] chunk;

  /** A reader of {@code length} bytes from {@code start}; {@code releaser} closes each stream it opened. */
  public StreamDownloadReader(Opener opener, Releaser releaser, long start, long length) {
    this.opener = opener;
    this.releaser = releaser;
    this.start = start;
    this.position = start;
    this.end = start + length;
  }

  /** A reader whose streams are simply closed. */
  public StreamDownloadReader(Opener opener, long start, long length) {
    this(opener, (stream, complete) -> stream.close(), start, length);
  }

  @Override
  public int read(ByteBuffer into) throws IOException {
    if (position >= end) {
      release();
      return -1;
    }
    if (stream == null) {
      stream = opener.open(position, end - position);
    }
    int wanted = (int) Math.min(into.remaining(), end - position);
    int n;
    if (into.hasArray()) {
      n = stream.read(into.array(), into.arrayOffset() + into.position(), wanted);
      if (n > 0) {
        into.position(into.position() + n);
      }
    } else {
      if (chunk == null) {
        chunk = new byte[MAX_CHUNK];
      }
      n = stream.read(chunk, 0, Math.min(wanted, chunk.length));
      if (n > 0) {
        into.put(chunk, 0, n);
      }
    }
    if (n < 0) {
      throw new EOFException("the stored bytes ended at " + position + ", before " + end);
    }
    position += n;
    if (position >= end) {
      release();
    }
    return n;
  }

  @Override
  public void idle() {
    try {
      release();
    } catch (IOException e) {
      // the stream is dropped either way; the next read opens a new one
    }
  }

  /** The open stream, which is ahead of the new position, is released; the next read opens one there. */
  @Override
  public boolean rewind(long bytes) {
    if (bytes < 0 || bytes > position - start) {
      throw new IllegalArgumentException("cannot move back " + bytes + " bytes from " + (position - start));
    }
    idle();
    position -= bytes;
    return true;
  }

  @Override
  public void close() throws IOException {
    release();
  }

  private void release() throws IOException {
    InputStream current = stream;
    stream = null;
    chunk = null;
    if (current != null) {
      releaser.release(current, position >= end);
    }
  }
}
