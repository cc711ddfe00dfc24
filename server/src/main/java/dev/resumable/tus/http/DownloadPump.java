package dev.resumable.tus.http;

import dev.resumable.tus.store.DownloadReader;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Protocols;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

/**
 * Sends one download to its client without holding a thread while the client does not read: a store thread reads
 * the next bytes into the download's one network buffer ({@link DownloadReader}) and writes them to the response
 * channel without blocking; when the client's socket is full, writing waits for the channel's write listener (no
 * thread), and the next bytes are read from the store only once the buffer went out (back-pressure: memory per
 * download is one buffer plus what the reader holds). A client that reads nothing for a second makes the reader
 * release what it need not hold ({@link DownloadReader#idle}), and the download give back its network buffer: the
 * reader moves back over the bytes not yet sent ({@link DownloadReader#rewind}) and reads them again into a new
 * buffer once the client reads, so thousands of stalled downloads hold no network buffer. One that goes away (or is
 * cut by the write timeout) ends the download, closing the reader and the connection.
 *
 * <p>Exactly one party drives the download at a time: the thread running {@link #pump} (a store thread, or the IO
 * thread after the client drained the socket), or nobody while it waits for the client ({@link #WAITING}).
 */
final class DownloadPump {
  private static final Logger LOG = LoggerFactory.getLogger(DownloadPump.class);
  private static final int RUNNING = 0;
  private static final int WAITING = 1;
  private static final int IDLING = 2;
  private static final int ENDED = 3;
  /** How long a client may take nothing before the reader is told it is idle. */
  private static final long IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Buffers sent per turn on a store thread before the thread is given to other work. */
  private static final int BUFFERS_PER_TURN = 16;
  /**
   * The downloads in progress on a connection (several with HTTP/2), ended when the connection closes: one close
   * listener per connection, however many requests it carries.
   */
  @SuppressWarnings("unchecked")
  private static final AttachmentKey<Set<DownloadPump>> ON_CONNECTION =
      (AttachmentKey<Set<DownloadPump>>) (AttachmentKey<?>) AttachmentKey.create(Set.class);

  private final HttpServerExchange exchange;
  private final DownloadReader reader;
  private final StorePool pool;
  private final Set<DownloadPump> active;
  private final XnioIoThread ioThread;
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private volatile boolean stopRequested;
  private volatile long waitingSince;
  /** Driver only: the idle timer runs (armed at the first wait). */
  private boolean timerArmed;
  /** Bytes still to read from the store (driver only). */
  private long remaining;
  private PooledByteBuffer pooled;
  /** Bytes read from the store and not yet sent (flipped; driver only). */
  private ByteBuffer buffer;
  private StreamSinkChannel channel;

  /**
   * A download of {@code length} bytes from {@code reader}.
   *
   * @param active the downloads in progress, so a shutdown can end them; this one is in it while it runs
   */
  DownloadPump(HttpServerExchange exchange, DownloadReader reader, long length, StorePool pool,
      Set<DownloadPump> active) {
    this.exchange = exchange;
    this.reader = reader;
    this.remaining = length;
    this.pool = pool;
    this.active = active;
    this.ioThread = exchange.getIoThread();
  }

  /**
   * On the request's worker thread, before the response starts: reads the first bytes, so that a store failure is
   * still answered as an error (503 when no network buffer can be had). Closes the reader when it fails.
   */
  void prefetch() throws IOException {
    try {
      allocate();
    } catch (NoBufferException e) {
      IoUtils.safeClose(reader);
      throw new TusException(503, "the server has no network buffer free; retry the download");
    }
    try {
      fill();
    } catch (IOException | RuntimeException e) {
      pooled.close();
      pooled = null;
      IoUtils.safeClose(reader);
      throw e;
    }
  }

  /** Once the request's handler returned (the exchange is dispatched to this): sends the response. */
  void start() {
    active.add(this);
    watchConnection();
    channel = exchange.getResponseChannel();
    channel.getWriteSetter().set(c -> onWritable());
    pump();
  }

  /** Ends the download at once (shutdown, connection closed), from any thread. */
  void abort() {
    stopRequested = true;
    if (state.compareAndSet(WAITING, ENDED)) {
      ioThread.execute(() -> end(false));
    }
  }

  /** Sends buffers until the client's socket is full, the turn is over or every byte went out (the driver). */
  private void pump() {
    try {
      boolean onIoThread = Thread.currentThread() == ioThread;
      for (int sent = 0; ; sent++) {
        if (stopRequested) {
          stop();
          return;
        }
        if (buffer == null || !buffer.hasRemaining()) {
          if (remaining == 0) {
            complete();
            return;
          }
          if (onIoThread || sent >= BUFFERS_PER_TURN) {
            // the store is read on a store thread only, and a long download takes turns with other work
            pool.execute(this::pump);
            return;
          }
          fill();
        }
        channel.write(buffer);
        if (buffer.hasRemaining()) {
          await();
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Reads the next bytes from the store into the (empty) buffer, taking one first if the download gave its back. */
  private void fill() throws IOException {
    if (pooled == null) {
      allocate();
    }
    buffer.clear();
    if (buffer.remaining() > remaining) {
      buffer.limit((int) remaining);
    }
    while (buffer.hasRemaining()) {
      int n = reader.read(buffer);
      if (n < 0) {
        throw new EOFException("the store ended the download with " + remaining + " bytes missing");
      }
      remaining -= n;
    }
    buffer.flip();
  }

  /** Takes a network buffer for this download. */
  private void allocate() throws NoBufferException {
    try {
      pooled = exchange.getConnection().getByteBufferPool().allocate();
    } catch (OutOfMemoryError e) {
      // direct memory used up: refuse this download, not the process
      throw new NoBufferException();
    }
    buffer = pooled.getBuffer();
  }

  /**
   * IO thread, no driver: gives the network buffer back, the reader moved back over its unsent bytes (which are read
   * again when the client reads). A reader that cannot move back keeps the download's buffer.
   */
  private void releaseBuffer() {
    if (buffer == null) {
      return;
    }
    int unsent = buffer.remaining();
    try {
      if (unsent > 0 && !reader.rewind(unsent)) {
        return;
      }
    } catch (RuntimeException e) {
      LOG.debug("a download's reader failed to move back: {}", e.toString());
      return;
    }
    remaining += unsent;
    pooled.close();
    pooled = null;
    buffer = null;
  }

  /** No network buffer can be had (direct memory used up). */
  private static final class NoBufferException extends IOException {
    private static final long serialVersionUID = 1L;

    NoBufferException() {
      super("no network buffer free", null);
    }
  }

  /** The client's socket is full: wait for the channel to become writable, without a thread. */
  private void await() {
    waitingSince = System.nanoTime();
    if (!timerArmed) {
      // from the first wait on, every second: downloads that never wait cost no timer
      timerArmed = true;
      ioThread.executeAfter(this::onTimer, IDLE_AFTER_NANOS, TimeUnit.NANOSECONDS);
    }
    state.set(WAITING);
    channel.resumeWrites();
    if (stopRequested && state.compareAndSet(WAITING, ENDED)) {
      ioThread.execute(() -> end(false));
    }
  }

  /** IO thread: the client took bytes (or the connection failed: the write says which). */
  private void onWritable() {
    channel.suspendWrites();
    if (state.compareAndSet(WAITING, RUNNING)) {
      pump();
    }
  }

  /** IO thread, every second while the download runs: a reader whose client took nothing for a while idles. */
  private void onTimer() {
    if (state.get() == ENDED) {
      return;
    }
    if (System.nanoTime() - waitingSince >= IDLE_AFTER_NANOS && state.compareAndSet(WAITING, IDLING)) {
      try {
        reader.idle();
      } catch (RuntimeException e) {
        LOG.debug("a download's reader failed to idle: {}", e.toString());
      }
      releaseBuffer();
      state.set(WAITING);
      if (stopRequested && state.compareAndSet(WAITING, ENDED)) {
        end(false);
        return;
      }
    }
    ioThread.executeAfter(this::onTimer, IDLE_AFTER_NANOS, TimeUnit.NANOSECONDS);
  }

  private void complete() {
    state.set(ENDED);
    end(true);
  }

  private void stop() {
    state.set(ENDED);
    end(false);
  }

  private void fail(Throwable failure) {
    if (failure instanceof NoBufferException) {
      LOG.warn("download of {} cut: the server has no network buffer free", exchange.getRequestURI());
    } else if (failure instanceof IOException) {
      LOG.debug("download of {} ended early: {}", exchange.getRequestURI(), failure.toString());
    } else {
      LOG.error("download of {} failed", exchange.getRequestURI(), failure);
    }
    state.set(ENDED);
    end(false);
  }

  /** Releases the buffer and the reader and ends the exchange (closing the connection unless complete). */
  private void end(boolean complete) {
    active.remove(this);
    Set<DownloadPump> onConnection = exchange.getConnection().getAttachment(ON_CONNECTION);
    if (onConnection != null) {
      onConnection.remove(this);
    }
    if (pooled != null) {
      pooled.close();
      pooled = null;
      buffer = null;
    }
    try {
      pool.execute(() -> IoUtils.safeClose(reader));
    } catch (RejectedExecutionException e) {
      IoUtils.safeClose(reader);
    }
    if (!complete) {
      exchange.setPersistent(false);
      if (Protocols.HTTP_2_0.equals(exchange.getProtocol()) && channel != null) {
        // one stream of a shared connection: reset the stream, not the connection
        IoUtils.safeClose(channel);
      } else {
        IoUtils.safeClose(exchange.getConnection());
      }
    }
    exchange.endExchange();
  }

  /** Ends this download when its connection closes while it waits for the client. */
  private void watchConnection() {
    ServerConnection connection = exchange.getConnection();
    Set<DownloadPump> onConnection;
    synchronized (connection) {
      onConnection = connection.getAttachment(ON_CONNECTION);
      if (onConnection == null) {
        Set<DownloadPump> created = ConcurrentHashMap.newKeySet();
        connection.putAttachment(ON_CONNECTION, created);
        connection.addCloseListener(closed -> created.forEach(DownloadPump::abort));
        onConnection = created;
      }
    }
    onConnection.add(this);
  }
}
