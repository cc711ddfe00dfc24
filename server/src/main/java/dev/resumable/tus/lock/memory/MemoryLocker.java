package dev.resumable.tus.lock.memory;

import dev.resumable.tus.lock.Acquisition;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockEvents;
import dev.resumable.tus.lock.LockTimeoutException;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.ReleaseRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Locks uploads within one process. Safe only when a single server process writes the store. */
public final class MemoryLocker implements Locker {
  /** How often a waiter repeats its release request while the holder keeps the lock. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ConcurrentMap<String, Holder> held = new ConcurrentHashMap<>();
  private final LockEvents events;

  /** A locker reporting nothing. */
  public MemoryLocker() {
    this(LockEvents.NONE);
  }

  /** A locker reporting the release requests it passes on to {@code events}. */
  public MemoryLocker(LockEvents events) {
    this.events = events;
  }

  @Override
  public CompletableFuture<Lock> acquire(String id, Duration timeout, ReleaseRequest onReleaseRequested) {
    CompletableFuture<Lock> result = new CompletableFuture<>();
    attempt(result, id, System.nanoTime() + timeout.toNanos(), onReleaseRequested);
    return result;
  }

  /**
   * One try; when the upload is held, asks the holder to release and tries again as soon as it lets go, or after
   * the poll interval (to repeat the request), whichever comes first.
   */
  private void attempt(CompletableFuture<Lock> result, String id, long deadline, ReleaseRequest onReleaseRequested) {
    if (result.isDone()) {
      return;
    }
    Holder mine = new Holder(id, onReleaseRequested);
    Holder current = held.putIfAbsent(id, mine);
    if (current == null) {
      Acquisition.deliver(result, mine);
      return;
    }
    events.releaseRequestSent(id);
    current.onReleaseRequested.requested();
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      result.completeExceptionally(new LockTimeoutException(id));
      return;
    }
    AtomicBoolean retried = new AtomicBoolean();
    Runnable retry = () -> {
      if (retried.compareAndSet(false, true)) {
        attempt(result, id, deadline, onReleaseRequested);
      }
    };
    ScheduledFuture<?> poll = Acquisition.timer().schedule(retry, Math.min(remaining, POLL_NANOS),
        TimeUnit.NANOSECONDS);
    current.released.thenRun(() -> {
      poll.cancel(false);
      retry.run();
    });
  }

  @Override
  public Optional<Lock> tryLock(String id) {
    Holder mine = new Holder(id, ReleaseRequest.IGNORE);
    return held.putIfAbsent(id, mine) == null ? Optional.of(mine) : Optional.empty();
  }

  @Override
  public String type() {
    return "memory";
  }

  /** Number of locks held now (diagnostics and tests). */
  public int heldCount() {
    return held.size();
  }

  private final class Holder implements Lock {
    private final String id;
    private final ReleaseRequest onReleaseRequested;
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    Holder(String id, ReleaseRequest onReleaseRequested) {
      this.id = id;
      this.onReleaseRequested = onReleaseRequested;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean isValid() {
      return !closed.get();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        held.remove(id, this);
        released.complete(null);
      }
    }
  }
}
