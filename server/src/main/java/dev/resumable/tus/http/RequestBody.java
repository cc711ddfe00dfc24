package dev.resumable.tus.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSourceChannel;

/**
 * The body of a PATCH (or of a POST with creation-with-upload) as the store reads it: bounded to the bytes the upload
 * may still take, feeding the chunk checksum, recording when bytes last arrived (so a stalled request can be told
 * apart from a busy one) and marking failures of the client's connection as such.
 *
 * <p>It reads Undertow's request channel directly. As a {@link ReadableByteChannel} it fills the caller's (direct)
 * buffer with one blocking read plus whatever else has already arrived, so a store can move bytes from the socket to
 * the disk without intermediate copies and in large writes, yet never holds received bytes back while waiting on
 * the network. As an {@link InputStream} it serves stores that want streams.
 *
 * <p>When the body holds more bytes than allowed, it yields exactly the allowed bytes and then fails with
 * {@link TooLargeException}: nothing beyond the declared length ever reaches the store.
 */
final class RequestBody extends InputStream implements ReadableByteChannel {
  private final StreamSourceChannel channel;
  private final long timeoutMillis;
  private final long limit;
  private final ChunkChecksum checksum;
  private long count;
  private boolean open = true;
  /** A failure met while batching after a successful read, raised by the next read. */
  private IOException pending;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile boolean stopped;
  private volatile boolean shutdown;
  private volatile boolean byServer;
  private LongConsumer progress = n -> { };
  /** Guards {@link #reader}, so an interrupt can only ever land inside a blocking read from the client. */
  private final Object guard = new Object();
  private Thread reader;

  /**
   * A body over {@code channel}.
   *
   * @param timeoutMillis how long one read may wait for the client before the body fails
   * @param limit the bytes the upload may still take
   * @param checksum the chunk's declared checksum, or null
   */
  RequestBody(StreamSourceChannel channel, long timeoutMillis, long limit, ChunkChecksum checksum) {
    this.channel = channel;
    this.timeoutMillis = timeoutMillis;
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
    return length == 0 ? 0 : read(ByteBuffer.wrap(buffer, offset, length));
  }

  /** Blocks for at least one byte (or the end), then adds whatever else is already there. Never returns 0. */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (pending != null) {
      IOException failure = pending;
      pending = null;
      throw failure;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (count >= limit) {
      return probeEnd();
    }
    int start = dst.position();
    int callerLimit = dst.limit();
    dst.limit((int) Math.min(callerLimit, start + (limit - count)));
    try {
      if (clientRead(() -> blockingRead(dst)) == -1) {
        if (stopped) {
          throw stoppedException();
        }
        return -1;
      }
      while (dst.hasRemaining()) {
        int more;
        try {
          more = channel.read(dst);
        } catch (IOException e) {
          pending = new ClientGoneException("reading the request body failed: " + e.getMessage());
          break;
        }
        if (more <= 0) {
          break;
        }
      }
    } finally {
      dst.limit(callerLimit);
    }
    int n = dst.position() - start;
    count += n;
    lastActivityNanos = System.nanoTime();
    if (checksum != null) {
      ByteBuffer received = dst.duplicate();
      received.position(start).limit(start + n);
      checksum.update(received);
    }
    progress.accept(count);
    if (byServer) {
      throw ClientGoneException.stoppedByServer();
    }
    return n;
  }

  /** At the upload's length: the body must end here; one more byte means it was too large. */
  private int probeEnd() throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    if (clientRead(() -> blockingRead(one)) != -1) {
      throw new TooLargeException();
    }
    return -1;
  }

  private int blockingRead(ByteBuffer dst) throws IOException {
    int n = Channels.readBlocking(channel, dst, timeoutMillis, TimeUnit.MILLISECONDS);
    if (n == 0) {
      throw new ClientGoneException("the client sent nothing for " + timeoutMillis + " ms (read timed out)");
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
    } catch (ClientGoneException e) {
      throw stopped ? stoppedException() : e;
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

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Closing the body does not close the connection; Undertow ends the exchange. */
  @Override
  public void close() {
    open = false;
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
