package dev.resumable.tus.http;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs blocking store writes (file writes, S3 part buffering) for request bodies read without
 * a thread. Two bounds: {@code threads} writes run at once, and at most {@code permits} chunks of received bytes
 * wait for or undergo a write (each holds one network buffer). A body that finds no permit stops reading from its
 * socket until one is released (back-pressure to the client), so memory stays bounded however many uploads send.
 */
final class StorePool implements AutoCloseable {
  private final ExecutorService executor;
  private final AtomicInteger available;
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  StorePool(int threads, int permits) {
    AtomicInteger counter = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tus-store-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.available = new AtomicInteger(permits);
  }

  /** Takes a permit if one is free; otherwise remembers {@code onAvailable} to run once one is released. */
  boolean tryAcquire(Runnable onAvailable) {
    while (true) {
      int now = available.get();
      if (now <= 0) {
        waiting.add(onAvailable);
        // a release may have happened between the check and the enqueue: re-check so no waiter is forgotten
        if (available.get() > 0 && waiting.remove(onAvailable)) {
          continue;
        }
        return false;
      }
      if (available.compareAndSet(now, now - 1)) {
        return true;
      }
    }
  }

  /** Takes a permit if one is free and no body waits for one (a waiting body goes first); never waits. */
  boolean tryAcquireNow() {
    while (true) {
      int now = available.get();
      if (now <= 0 || !waiting.isEmpty()) {
        return false;
      }
      if (available.compareAndSet(now, now - 1)) {
        return true;
      }
    }
  }

  /** Returns a permit and wakes one waiting body, if any. */
  void release() {
    available.incrementAndGet();
    Runnable next = waiting.poll();
    if (next != null) {
      next.run();
    }
  }

  /** Wakes one waiting body if a permit is free (a woken body that no longer needs it passes it on). */
  void passOn() {
    if (available.get() > 0) {
      Runnable next = waiting.poll();
      if (next != null) {
        next.run();
      }
    }
  }

  /** Runs a blocking store call. */
  void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }
}
