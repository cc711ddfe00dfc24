package dev.resumable.tus.store.file;

import dev.resumable.tus.store.DownloadReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a range of a data file with positional reads straight into the caller's buffer (no stream, no copy); holds
 * only the open file while its client is idle.
 */
final class FileRangeReader implements DownloadReader {
  private final FileChannel channel;
  private final long start;
  private final long end;
  private long position;

  FileRangeReader(FileChannel channel, long start, long length) {
    this.channel = channel;
    this.start = start;
    this.position = start;
    this.end = start + length;
  }

  @Override
  public int read(ByteBuffer into) throws IOException {
    if (position >= end) {
      return -1;
    }
    int limit = into.limit();
    if (into.remaining() > end - position) {
      into.limit(into.position() + (int) (end - position));
    }
    int n;
    try {
      n = channel.read(into, position);
    } finally {
      into.limit(limit);
    }
    if (n < 0) {
      throw new EOFException("the data file ends at " + position + ", before " + end);
    }
    position += n;
    return n;
  }

  /** Positional reads: moving back is setting the position. */
  @Override
  public boolean rewind(long bytes) {
    if (bytes < 0 || bytes > position - start) {
      throw new IllegalArgumentException("cannot move back " + bytes + " bytes from " + (position - start));
    }
    position -= bytes;
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
