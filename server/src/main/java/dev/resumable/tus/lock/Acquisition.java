package dev.resumable.tus.lock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Building blocks for {@link Locker#acquire} implementations: a shared timer, the "complete or release" hand-over,
 * and a poll loop that retries an attempt on the timer until it succeeds, times out or is cancelled — so a waiting
 * request never parks a thread.
 */
public final class Acquisition {
  private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "tus-lock-timer");
    t.setDaemon(true);
    return t;
  });

  private Acquisition() {
  }

  /** One try at taking a lock; answers null when it is held by someone else (after asking them to release). */
  @FunctionalInterface
  public interface Attempt {
    Lock tryOnce() throws IOException;
  }

  /** The process-wide timer lock implementations schedule their retries on. Tasks on it must not block long. */
  public static ScheduledExecutorService timer() {
    return TIMER;
  }

  /**
   * Completes {@code result} with {@code lock}, or releases the lock when {@code result} was already completed or
   * cancelled (a waiter that gave up): a lock is never left held by nobody.
   *
   * @return whether the waiter got the lock
   */
  public static boolean deliver(CompletableFuture<Lock> result, Lock lock) {
    if (result.complete(lock)) {
      return true;
    }
    lock.close();
    return false;
  }

  /**
   * Runs {@code attempt} now and then every {@code interval} on the shared timer until it answers a lock (delivered
   * to {@code result}), throws (completes {@code result} exceptionally), {@code deadlineNanos} (a
   * {@link System#nanoTime()} value) passes ({@link LockTimeoutException}), or {@code result} is completed from
   * outside (cancelled).
   */
  public static void poll(CompletableFuture<Lock> result, String id, long deadlineNanos, Duration interval,
      Attempt attempt) {
    if (result.isDone()) {
      return;
    }
    Lock lock;
    try {
      lock = attempt.tryOnce();
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    if (lock != null) {
      deliver(result, lock);
      return;
    }
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      result.completeExceptionally(new LockTimeoutException(id));
      return;
    }
    TIMER.schedule(() -> poll(result, id, deadlineNanos, interval, attempt),
        Math.min(remaining, interval.toNanos()), TimeUnit.NANOSECONDS);
  }

  /**
   * The exception a blocking caller throws for a failed acquisition: the {@link IOException} as it is, runtime
   * exceptions and errors rethrown, anything else wrapped.
   */
  public static IOException rethrow(Throwable cause) {
    Throwable t = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof UncheckedIOException unchecked) {
      return unchecked.getCause();
    }
    if (t instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (t instanceof Error error) {
      throw error;
    }
    return new IOException(t);
  }
}
