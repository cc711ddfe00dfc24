package dev.resumable.tus.store.s3;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store-wide pool that uploads parts: at most {@code concurrency} part uploads run at once across all uploads
 * (tusd's {@code -s3-concurrent-part-uploads}); the rest queue. {@link #inFlight()} is the gauge for metrics.
 */
final class PartUploader implements AutoCloseable {
  private final ExecutorService pool;
  private final AtomicInteger inFlight = new AtomicInteger();

  PartUploader(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrent part uploads must be at least 1, got " + concurrency);
    }
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "tus-s3-part-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(concurrency, threads);
  }

  <T> Future<T> submit(Callable<T> task) {
    return pool.submit(() -> {
      inFlight.incrementAndGet();
      try {
        return task.call();
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  /** Part uploads running now. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
