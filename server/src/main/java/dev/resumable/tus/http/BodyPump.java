package dev.resumable.tus.http;

import dev.resumable.tus.store.ChunkWriter;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.http.HttpServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.xnio.Options;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.ReadTimeoutException;
import org.xnio.channels.StreamSourceChannel;

/**
 * Moves one request body into a {@link ChunkWriter} without holding a thread while the client sends nothing: the
 * connection's IO thread reads what has arrived (channel read listener) into a pooled buffer, reading stops
 * (suspended) while the {@link StorePool} writes that buffer, and resumes once the write is done — back-pressure to
 * the socket whenever the store is slower than the client or the pool is full. While more bytes are already there,
 * the store thread that wrote a batch reads and writes the next one itself, so a fast stream is not handed between
 * threads per batch.
 *
 * <p>The body is bounded to the bytes the upload may still take: exactly those reach the writer, and one byte more
 * ends the body as {@link End#TOO_LARGE}. It feeds the chunk checksum, records when bytes last arrived (so a stalled
 * request can be told apart from a busy one: {@link #idleNanos()}), and ends with one {@link Outcome}, delivered once
 * to the callback given at construction: the body ended, the client went away or was silent for the network timeout,
 * the request was stopped (takeover, shutdown, a hook), or the store failed.
 */
final class BodyPump {
  /** How a body ended. */
  enum End {
    /** Every byte of the body was received and written. */
    COMPLETE,
    /** The body holds more bytes than the upload may take; the allowed ones were written. */
    TOO_LARGE,
    /** The client's connection failed or closed early. */
    CLIENT_GONE,
    /** The client sent nothing for the network timeout. */
    TIMED_OUT,
    /** Stopped so a waiting request can take the upload over. */
    TAKEN_OVER,
    /** Stopped because the server shuts down. */
    SHUTDOWN,
    /** Stopped because a hook asked to stop the upload (tusd's StopUpload). */
    STOPPED_BY_HOOK,
    /** A store write failed. */
    STORE_FAILED,
    /** No network buffer could be had (the process's direct memory is exhausted); the bytes read were written. */
    OVERLOADED
  }

  /**
   * The end of a body.
   *
   * @param failure the store's failure for {@link End#STORE_FAILED}, the client's for the others; may be null
   * @param count bytes received and handed to the writer
   */
  record Outcome(End end, IOException failure, long count) {
  }

  private static final int READING = 0;
  private static final int WRITING = 1;
  private static final int ENDED = 2;
  private static final long MIN_TIMER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** Most network buffers read in one go before they are handed to the store (fewer hand-offs on fast streams). */
  private static final int MAX_BATCH = 4;
  /** Most batches a store thread reads and writes in a row before the body goes back to the read listener. */
  private static final int MAX_TURN = 64;

  private final StreamSourceChannel channel;
  private final ServerConnection connection;
  /** The connection's read timeout, suspended while this body is read (see {@link #suspendReadTimeout}). */
  private final Integer connectionReadTimeout;
  private final XnioIoThread ioThread;
  private final ChunkWriter writer;
  private final long limit;
  private final ChunkChecksum checksum;
  private final StorePool pool;
  private final ByteBufferPool buffers;
  private final long timeoutNanos;
  private final Consumer<Outcome> onEnd;
  private final AtomicInteger state = new AtomicInteger(READING);
  private final AtomicReference<End> stopRequest = new AtomicReference<>();
  private final ByteBuffer probe = ByteBuffer.allocate(1);
  private volatile long count;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile boolean starved;
  private volatile LongConsumer progress = n -> { };
  private XnioExecutor.Key timer;
  /** True while a read runs (IO thread, or a store thread that keeps reading): a close seen then is its read's. */
  private volatile boolean inRead;
  private volatile boolean closedInRead;
  /** The last batch filled all {@link #MAX_BATCH} buffers: the next one is read with one scattering call. */
  private volatile boolean streaming;

  /**
   * A pump for {@code channel} into {@code writer}.
   *
   * @param limit the bytes the upload may still take
   * @param checksum the chunk's declared checksum, or null
   * @param timeoutNanos how long the client may send nothing before the body ends as {@link End#TIMED_OUT}
   * @param onEnd told the outcome once, on the connection's IO thread; must not block
   */
  BodyPump(StreamSourceChannel channel, ServerConnection connection, ChunkWriter writer, long limit,
      ChunkChecksum checksum, StorePool pool, ByteBufferPool buffers, long timeoutNanos, Consumer<Outcome> onEnd) {
    this.channel = channel;
    this.connection = connection;
    this.connectionReadTimeout = suspendReadTimeout(connection);
    this.ioThread = channel.getIoThread();
    this.writer = writer;
    this.limit = limit;
    this.checksum = checksum;
    this.pool = pool;
    this.buffers = buffers;
    this.timeoutNanos = timeoutNanos;
    this.onEnd = onEnd;
  }

  /**
   * Turns the connection's own read timeout off while this body is read, so this pump's timer is the only one: when
   * Undertow's read timeout fires it closes the connection right after telling the reader, and the 408 this pump
   * answers for a silent client (bytes kept) would never reach it; which timer fired first was a race. The timeout
   * is restored when the body ends ({@link #restoreReadTimeout}).
   *
   * <p>Only on HTTP/1 connections: an HTTP/2 connection carries other streams, whose guard stays.
   *
   * @return the connection's read timeout, or null when it has none or it is not changed
   */
  private static Integer suspendReadTimeout(ServerConnection connection) {
    if (!(connection instanceof HttpServerConnection)) {
      return null;
    }
    try {
      Integer previous = connection.getOption(Options.READ_TIMEOUT);
      if (previous == null || previous <= 0) {
        return null;
      }
      connection.setOption(Options.READ_TIMEOUT, 0);
      return previous;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Gives the connection its read timeout back (the next request on it is guarded again). */
  private void restoreReadTimeout() {
    if (connectionReadTimeout == null) {
      return;
    }
    try {
      connection.setOption(Options.READ_TIMEOUT, connectionReadTimeout);
    } catch (IOException | RuntimeException e) {
      // the connection is closing: nothing to guard
    }
  }

  /** Told the bytes received so far after each read; called on the IO thread, must be quick. */
  void onProgress(LongConsumer listener) {
    this.progress = listener;
  }

  /** Starts reading (from any thread). */
  void start() {
    ioThread.execute(() -> {
      if (state.get() == ENDED) {
        return;
      }
      channel.getReadSetter().set(c -> onReadable());
      channel.getCloseSetter().set(c -> onClosed());
      timer = ioThread.executeAfter(this::onTimer, timeoutNanos, TimeUnit.NANOSECONDS);
      channel.resumeReads();
      onReadable();
    });
  }

  /** Bytes received so far. */
  long count() {
    return count;
  }

  /** Nanoseconds the client has been silent while the server was ready to read; 0 while a write runs. */
  long idleNanos() {
    if (state.get() != READING || starved) {
      return 0;
    }
    return System.nanoTime() - lastActivityNanos;
  }

  /** True once the body ended or a stop was requested. */
  boolean isStopped() {
    return stopRequest.get() != null || state.get() == ENDED;
  }

  /**
   * Asks the body to stop (from any thread): at once while it waits for the client, else right after the write in
   * progress. Bytes received so far are kept (the writer decides, see {@link ChunkWriter#abort}).
   */
  void stop(End reason) {
    stopRequest.compareAndSet(null, reason);
    ioThread.execute(() -> {
      if (state.get() == READING) {
        end(READING, stopRequest.get(), null);
      }
    });
  }

  private void onReadable() {
    if (state.get() != READING) {
      channel.suspendReads();
      return;
    }
    End stop = stopRequest.get();
    if (stop != null) {
      end(READING, stop, null);
      return;
    }
    if (!pool.tryAcquire(this::permitAvailable)) {
      starved = true;
      channel.suspendReads();
      return;
    }
    starved = false;
    Batch batch = readBatch();
    if (batch.received() == 0) {
      batch.release();
      pool.release();
      if (batch.end() != null) {
        end(READING, batch.end(), batch.failure());
      }
      return;
    }
    if (!state.compareAndSet(READING, WRITING)) {
      batch.release();
      pool.release();
      return;
    }
    channel.suspendReads();
    try {
      pool.execute(() -> write(batch));
    } catch (RejectedExecutionException e) {
      // the store pool is closing (shutdown): write here rather than lose the bytes
      write(batch);
    }
  }

  /**
   * On the request's worker thread, before {@link #start}: reads what has already arrived and writes it here, on
   * this thread (no hand-off: a small body that came with its headers costs no thread switch).
   *
   * @return the outcome when that was the whole body (or it failed), else null: then call {@link #start}
   */
  Outcome readInline() {
    if (!state.compareAndSet(READING, WRITING)) {
      return null;
    }
    Batch batch = readBatch();
    if (batch.received() > 0) {
      IOException storeFailure = writeAll(batch);
      if (storeFailure != null) {
        state.set(ENDED);
        restoreReadTimeout();
        return new Outcome(End.STORE_FAILED, storeFailure, count);
      }
    } else {
      batch.release();
    }
    if (batch.end() != null) {
      state.set(ENDED);
      restoreReadTimeout();
      return new Outcome(batch.end(), batch.failure(), count);
    }
    IOException idleFailure = idle();
    if (idleFailure != null) {
      state.set(ENDED);
      restoreReadTimeout();
      return new Outcome(End.STORE_FAILED, idleFailure, count);
    }
    state.set(READING);
    return null;
  }

  /** Tells the writer no bytes are waiting (it may let go of its file); answers the store's failure, if any. */
  private IOException idle() {
    try {
      writer.idle();
      return null;
    } catch (IOException e) {
      return e;
    } catch (RuntimeException e) {
      return new IOException(e);
    }
  }

  /** Buffers read in one go, and how the body ended if it did. */
  private record Batch(List<PooledByteBuffer> buffers, int received, End end, IOException failure) {
    void release() {
      for (PooledByteBuffer buffer : buffers) {
        buffer.close();
      }
    }
  }

  /**
   * Reads what has arrived, up to {@link #MAX_BATCH} buffers, bounded to the upload's room (one byte more is
   * {@link End#TOO_LARGE}); feeds the checksum and the progress. The buffers are flipped, ready to write.
   *
   * <p>Reads go into one buffer first: a trickling client's byte costs one buffer, not a batch. Only when that
   * buffer fills (a fast stream) does one scattering read fill up to {@link #MAX_BATCH} - 1 more; while batches come
   * back full, the next is read with one scattering call into {@link #MAX_BATCH} buffers.
   */
  private Batch readBatch() {
    List<PooledByteBuffer> batch = new ArrayList<>(1);
    End end = null;
    IOException failure = null;
    int received = 0;
    inRead = true;
    closedInRead = false;
    try {
      if (streaming && limit - count > buffers.getBufferSize()) {
        // the last batch filled every buffer: read a whole batch with one call
        long n = readScattered(batch, limit - count, MAX_BATCH);
        if (n < 0) {
          end = End.COMPLETE;
        } else {
          received = (int) n;
        }
        return finish(batch, received, end, failure);
      }
      ByteBuffer buffer = take(batch);
      while (true) {
        long room = limit - count - received;
        if (room <= 0) {
          end = probeEnd();
          break;
        }
        if (!buffer.hasRemaining()) {
          // the first buffer filled: a fast stream, one scattering read takes as much more as has arrived
          long more = readScattered(batch, room, MAX_BATCH - 1);
          if (more < 0) {
            end = End.COMPLETE;
          } else {
            received += (int) more;
          }
          break;
        }
        if (buffer.remaining() > room) {
          buffer.limit(buffer.position() + (int) room);
        }
        int n = channel.read(buffer);
        buffer.limit(buffer.capacity());
        if (n < 0) {
          end = End.COMPLETE;
          break;
        }
        if (n == 0) {
          break;
        }
        received += n;
      }
    } catch (BufferMemoryExhausted e) {
      end = End.OVERLOADED;
      failure = e;
    } catch (ReadTimeoutException e) {
      end = End.TIMED_OUT;
      failure = e;
    } catch (IOException e) {
      end = End.CLIENT_GONE;
      failure = e;
    } catch (RuntimeException e) {
      for (PooledByteBuffer each : batch) {
        each.close();
      }
      throw e;
    } finally {
      inRead = false;
    }
    return finish(batch, received, end, failure);
  }

  /** Completes a read batch: flips its buffers, feeds the checksum, counts and reports the bytes received. */
  private Batch finish(List<PooledByteBuffer> batch, int received, End end, IOException failure) {
    inRead = false;
    if (closedInRead && end == null) {
      end = End.CLIENT_GONE;
    }
    int capacity = 0;
    for (PooledByteBuffer each : batch) {
      ByteBuffer bytes = each.getBuffer();
      capacity += bytes.capacity();
      bytes.flip();
      if (checksum != null && bytes.hasRemaining()) {
        checksum.update(bytes);
      }
    }
    streaming = batch.size() == MAX_BATCH && received == capacity;
    if (received > 0) {
      count += received;
      lastActivityNanos = System.nanoTime();
      progress.accept(count);
    }
    return new Batch(batch, received, end, failure);
  }

  /** The upload has no room left: the body must end here; one more byte means it is too large. */
  private End probeEnd() throws IOException {
    probe.clear();
    int n = channel.read(probe);
    if (n > 0) {
      return End.TOO_LARGE;
    }
    return n < 0 ? End.COMPLETE : null;
  }

  /** Takes a cleared network buffer from the pool into {@code batch}. */
  private ByteBuffer take(List<PooledByteBuffer> batch) throws BufferMemoryExhausted {
    PooledByteBuffer pooled;
    try {
      pooled = buffers.allocate();
    } catch (OutOfMemoryError e) {
      throw new BufferMemoryExhausted(e);
    }
    batch.add(pooled);
    ByteBuffer buffer = pooled.getBuffer();
    buffer.clear();
    return buffer;
  }

  /**
   * Reads into up to {@code most} fresh buffers, added to the batch, with one call; at most {@code room} bytes.
   * Buffers left empty stay in the batch (nothing is written from them).
   */
  private long readScattered(List<PooledByteBuffer> batch, long room, int most) throws IOException {
    ByteBuffer[] targets = new ByteBuffer[most];
    int used = 0;
    long capacity = 0;
    while (used < targets.length && capacity < room) {
      ByteBuffer target = take(batch);
      if (target.remaining() > room - capacity) {
        target.limit((int) (room - capacity));
      }
      capacity += target.remaining();
      targets[used++] = target;
    }
    try {
      return channel.read(targets, 0, used);
    } finally {
      for (int i = 0; i < used; i++) {
        targets[i].limit(targets[i].capacity());
      }
    }
  }

  /** No network buffer could be allocated: the process's direct memory is used up. */
  static final class BufferMemoryExhausted extends IOException {
    private static final long serialVersionUID = 1L;

    BufferMemoryExhausted(OutOfMemoryError cause) {
      super("no network buffer free: " + cause.getMessage(), cause);
    }
  }

  /** Writes a batch (releasing its buffers); answers the store's failure, if any. */
  private IOException writeAll(Batch batch) {
    try {
      for (PooledByteBuffer buffer : batch.buffers()) {
        if (buffer.getBuffer().hasRemaining()) {
          writer.write(buffer.getBuffer());
        }
      }
      return null;
    } catch (IOException e) {
      return e;
    } catch (RuntimeException e) {
      return new IOException(e);
    } finally {
      batch.release();
    }
  }

  /**
   * On a store thread: writes the batch, then keeps reading and writing on this thread while bytes are already there
   * (reads are suspended, so the IO thread does not touch the channel meanwhile): a fast stream costs no hand-off
   * per batch. It goes back to the IO thread's read listener once nothing is there, no permit is free, or after
   * {@link #MAX_TURN} batches (so other bodies get the thread too).
   */
  private void write(Batch batch) {
    Batch current = batch;
    for (int turn = 1; ; turn++) {
      IOException storeFailure;
      try {
        storeFailure = writeAll(current);
      } finally {
        pool.release();
      }
      lastActivityNanos = System.nanoTime();
      if (storeFailure != null) {
        end(WRITING, End.STORE_FAILED, storeFailure);
        return;
      }
      if (current.end() != null) {
        end(WRITING, current.end(), current.failure());
        return;
      }
      End stop = stopRequest.get();
      if (stop != null) {
        end(WRITING, stop, null);
        return;
      }
      if (turn >= MAX_TURN || !pool.tryAcquireNow()) {
        break;
      }
      Batch next = readBatch();
      if (next.received() == 0) {
        next.release();
        pool.release();
        if (next.end() != null) {
          end(WRITING, next.end(), next.failure());
          return;
        }
        // the client has nothing more for now: the writer may let go of its file until bytes come
        IOException idleFailure = idle();
        if (idleFailure != null) {
          end(WRITING, End.STORE_FAILED, idleFailure);
          return;
        }
        break;
      }
      current = next;
    }
    if (state.compareAndSet(WRITING, READING)) {
      ioThread.execute(this::resume);
    }
  }

  private void resume() {
    if (state.get() == READING) {
      channel.resumeReads();
      onReadable();
    }
  }

  /** A store permit was released while this body waited for one (called on the releasing thread). */
  private void permitAvailable() {
    ioThread.execute(() -> {
      if (state.get() == READING && stopRequest.get() == null) {
        resume();
      } else {
        pool.passOn();
      }
    });
  }

  private void onClosed() {
    if (inRead) {
      closedInRead = true;
      return;
    }
    if (state.get() == READING) {
      long idle = System.nanoTime() - lastActivityNanos;
      end(READING, idle >= timeoutNanos ? End.TIMED_OUT : End.CLIENT_GONE, null);
    }
  }

  private void onTimer() {
    timer = null;
    if (state.get() == ENDED) {
      return;
    }
    long idle = idleNanos();
    if (state.get() == READING && !starved && idle >= timeoutNanos) {
      end(READING, End.TIMED_OUT, null);
      return;
    }
    timer = ioThread.executeAfter(this::onTimer, Math.max(MIN_TIMER_NANOS, timeoutNanos - idle),
        TimeUnit.NANOSECONDS);
  }

  /** Ends the body once (from state {@code from}); the outcome is delivered on the IO thread. */
  private void end(int from, End end, IOException failure) {
    if (!state.compareAndSet(from, ENDED)) {
      return;
    }
    Outcome outcome = new Outcome(end, failure, count);
    if (Thread.currentThread() == ioThread) {
      deliver(outcome);
    } else {
      ioThread.execute(() -> deliver(outcome));
    }
  }

  private void deliver(Outcome outcome) {
    if (timer != null) {
      timer.remove();
      timer = null;
    }
    channel.suspendReads();
    channel.getReadSetter().set(null);
    channel.getCloseSetter().set(null);
    restoreReadTimeout();
    if (starved) {
      pool.passOn();
    }
    onEnd.accept(outcome);
  }
}
