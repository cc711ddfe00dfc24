package dev.resumable.tus.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * The body of a PATCH (or of a POST with creation-with-upload) as the store reads it: bounded to the bytes the upload
 * may still take, feeding the chunk checksum, recording when bytes last arrived (so a stalled request can be told
 * apart from a busy one) and marking failures of the client's connection as such.
 *
 * <p>When the body holds more bytes than allowed, it yields exactly the allowed bytes and then fails with
 * {@link TooLargeException}: nothing beyond the declared length ever reaches the store.
 */
final class RequestBody extends InputStream {
  private final InputStream in;
  private final long limit;
  private final ChunkChecksum checksum;
  private long count;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile boolean stopped;
  private volatile boolean shutdown;
  private volatile boolean byServer;
  private LongConsumer progress = n -> { };
  /** Guards {@link #reader}, so an interrupt can only ever land inside a read from the client. */
  private final Object guard = new Object();
  private Thread reader;

  RequestBody(InputStream in, long limit, ChunkChecksum checksum) {
    this.in = in;
    this.limit = limit;
    this.checksum = checksum;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (count >= limit) {
      if (clientRead(() -> in.read()) != -1) {
        throw new TooLargeException();
      }
      return -1;
    }
    int n = clientRead(() -> in.read(buffer, offset, (int) Math.min(length, limit - count)));
    if (n > 0) {
      count += n;
      lastActivityNanos = System.nanoTime();
      if (checksum != null) {
        checksum.update(buffer, offset, n);
      }
      progress.accept(count);
      if (byServer) {
        throw ClientGoneException.stoppedByServer();
      }
    } else if (stopped) {
      throw stoppedException();
    }
    return n;
  }

  private int clientRead(Read read) throws IOException {
    synchronized (guard) {
      if (stopped) {
        throw stoppedException();
      }
      reader = Thread.currentThread();
    }
    try {
      return read.read();
    } catch (IOException e) {
      if (stopped) {
        throw stoppedException();
      }
      throw new ClientGoneException("reading the request body failed: " + e.getMessage());
    } finally {
      synchronized (guard) {
        reader = null;
        if (stopped) {
          Thread.interrupted();
        }
      }
    }
  }

  private ClientGoneException stoppedException() {
    return shutdown
        ? new ClientGoneException("the server is shutting down; resume the upload", true)
        : new ClientGoneException("the request was stopped so another request could take the upload over", false);
  }

  /**
   * Bytes readable without blocking, bounded by the upload's remaining length; lets the store batch what already
   * arrived into one disk write without waiting on the network while holding unwritten bytes.
   */
  @Override
  public int available() throws IOException {
    if (stopped || count >= limit) {
      return 0;
    }
    int available;
    try {
      available = in.available();
    } catch (IOException e) {
      return 0;
    }
    return (int) Math.max(0, Math.min(available, limit - count));
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  /** Nanoseconds since bytes last arrived (or since the body was opened). */
  long idleNanos() {
    return System.nanoTime() - lastActivityNanos;
  }

  /**
   * Stops the body on behalf of a waiting request or of a shutdown: the read in progress is interrupted (only a
   * read from the client, never a write to the store) and every later read fails.
   */
  void stop(boolean forShutdown) {
    synchronized (guard) {
      shutdown = forShutdown;
      stopped = true;
      if (reader != null) {
        reader.interrupt();
      }
    }
  }

  /**
   * Stops the body because a hook asked to stop the upload (tusd's {@code StopUpload}): the next read that receives
   * bytes fails, after consuming them, so the client (still sending) gets its response on an orderly connection.
   */
  void stopByServer() {
    byServer = true;
  }

  /** Told the bytes read so far after every read. */
  void onProgress(LongConsumer listener) {
    this.progress = listener;
  }

  boolean isStopped() {
    return stopped;
  }

  @FunctionalInterface
  private interface Read {
    int read() throws IOException;
  }

  /** The body holds more bytes than the upload may still take. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("request body exceeds the upload's length");
    }
  }

  /** Reading from the client failed: it went away, timed out or was stopped. Bytes received so far are kept. */
  static final class ClientGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean shutdown;
    private final boolean byServer;

    ClientGoneException(String message) {
      this(message, false);
    }

    ClientGoneException(String message, boolean shutdown) {
      this(message, shutdown, false);
    }

    private ClientGoneException(String message, boolean shutdown, boolean byServer) {
      super(message);
      this.shutdown = shutdown;
      this.byServer = byServer;
    }

    static ClientGoneException stoppedByServer() {
      return new ClientGoneException("upload has been stopped by server", false, true);
    }

    /** True when a hook stopped the upload. */
    boolean isStoppedByServer() {
      return byServer;
    }

    /** True when the server stopped the request because it is shutting down. */
    boolean isShutdown() {
      return shutdown;
    }
  }
}
