package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.StoreBusyException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The process-wide cap on bytes the S3 store buffers on local temp disk (part files, spooled checksummed chunks).
 * A writer whose parts are being uploaded waits for room (its own uploads free it); a writer that cannot make room
 * itself (a checksummed chunk spools until verified) fails at once with {@link StoreBusyException} instead of
 * waiting for others, so writers never wait on each other in a cycle.
 */
final class SpoolBudget {
  private final long limit;
  private long used;

  SpoolBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the temp-disk budget must be positive, got " + limit);
    }
    this.limit = limit;
  }

  /**
   * Counts {@code bytes} against the budget.
   *
   * @param maxWaitNanos how long to wait for room; 0 to fail at once
   * @throws StoreBusyException when there was no room in time
   */
  synchronized void acquire(long bytes, long maxWaitNanos) throws StoreBusyException, InterruptedIOException {
    long deadline = System.nanoTime() + maxWaitNanos;
    while (used + bytes > limit && used > 0) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new StoreBusyException("the server's temporary buffer space for S3 (" + limit + " bytes) is in use; "
            + "retry later or send smaller chunks");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for temp-disk space");
      }
    }
    used += bytes;
  }

  synchronized void release(long bytes) {
    if (bytes <= 0) {
      return;
    }
    used = Math.max(0, used - bytes);
    notifyAll();
  }

  /** Bytes buffered now (a gauge). */
  synchronized long used() {
    return used;
  }

  long limit() {
    return limit;
  }
}
