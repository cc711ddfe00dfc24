package dev.resumable.tus.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DefaultByteBufferPool;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's network buffers: direct buffers of one size, reused through one lock-free queue that keeps at most
 * {@code maxIdle} of them; a buffer released while the queue is full is left to the garbage collector.
 *
 * <p>Why not Undertow's {@link DefaultByteBufferPool}: with its builder's settings it keeps no buffer beyond four per
 * thread and frees the rest explicitly, each at its releasing thread's next release after 100 ms — buffers taken on
 * the IO thread and released on store threads were re-allocated per read, and a burst of 10,000 trickled bytes ran
 * the process out of direct memory. Bounded, it still finds each thread's cache through one synchronized map on every
 * allocation and release, a lock all IO, worker and store threads share. Here no buffer belongs to a thread, nothing
 * is freed by hand (no use-after-free is possible), and taking or giving back a buffer is one queue operation.
 */
final class NetworkBuffers implements ByteBufferPool {
  private final int bufferSize;
  private final int maxIdle;
  private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  /** Heap buffers of the same size, for the few Undertow paths that ask for array-backed ones. */
  private final ByteBufferPool heap;
  private volatile boolean closed;

  NetworkBuffers(int bufferSize, int maxIdle) {
    this.bufferSize = bufferSize;
    this.maxIdle = maxIdle;
    this.heap = new DefaultByteBufferPool(false, bufferSize, -1, 0);
  }

  @Override
  public PooledByteBuffer allocate() {
    ByteBuffer buffer = idle.poll();
    if (buffer != null) {
      idleCount.decrementAndGet();
      buffer.clear();
    } else {
      buffer = ByteBuffer.allocateDirect(bufferSize);
    }
    return new Pooled(buffer);
  }

  /** Buffers waiting for reuse right now. */
  int idle() {
    return idleCount.get();
  }

  private void release(ByteBuffer buffer) {
    if (closed) {
      return;
    }
    if (idleCount.incrementAndGet() > maxIdle) {
      idleCount.decrementAndGet();
      return;
    }
    idle.offer(buffer);
  }

  @Override
  public ByteBufferPool getArrayBackedPool() {
    return heap;
  }

  @Override
  public void close() {
    closed = true;
    idle.clear();
    idleCount.set(0);
    heap.close();
  }

  @Override
  public int getBufferSize() {
    return bufferSize;
  }

  @Override
  public boolean isDirect() {
    return true;
  }

  /** One buffer on loan; closing it (once counts, again is a no-op) gives it back. */
  private final class Pooled implements PooledByteBuffer {
    private final ByteBuffer buffer;
    private final AtomicBoolean open = new AtomicBoolean(true);

    Pooled(ByteBuffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public ByteBuffer getBuffer() {
      if (!open.get()) {
        throw new IllegalStateException("the buffer was given back");
      }
      return buffer;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        release(buffer);
      }
    }

    @Override
    public boolean isOpen() {
      return open.get();
    }
  }
}
