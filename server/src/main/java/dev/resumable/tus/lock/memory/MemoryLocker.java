package dev.resumable.tus.lock.memory;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockTimeoutException;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.ReleaseRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Locks uploads within one process. Safe only when a single server process writes the store. */
public final class MemoryLocker implements Locker {
  /** How often a waiter repeats its release request while the holder keeps the lock. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ConcurrentMap<String, Holder> held = new ConcurrentHashMap<>();

  @Override
  public Lock lock(String id, Duration timeout, ReleaseRequest onReleaseRequested)
      throws LockTimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Holder mine = new Holder(id, onReleaseRequested);
      Holder current = held.putIfAbsent(id, mine);
      if (current == null) {
        return mine;
      }
      current.onReleaseRequested.requested();
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new LockTimeoutException(id);
      }
      current.released.await(Math.min(remaining, POLL_NANOS), TimeUnit.NANOSECONDS);
    }
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
    private final CountDownLatch released = new CountDownLatch(1);
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
        released.countDown();
      }
    }
  }
}
