package dev.resumable.tus.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resumable.tus.metrics.LockMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The locker contract every locker passes: one subclass per locker supplies a fixture ({@link #newLocker}).
 * "Two locker instances" stand for two server processes: for lockers that span processes they share only the
 * backend; the memory locker, which spans one process only, hands out the same instance.
 */
abstract class LockerContract {
  /** Lockers made by the fixture, closed after each test. */
  private final List<Locker> opened = new ArrayList<>();

  /** A locker as another server process would have it; events go to {@code events}. */
  protected abstract Locker createLocker(LockEvents events) throws Exception;

  /** Opens a locker through the fixture and closes it after the test. */
  protected final Locker newLocker(LockEvents events) throws Exception {
    Locker locker = createLocker(events);
    if (!opened.contains(locker)) {
      opened.add(locker);
    }
    return locker;
  }

  protected final Locker newLocker() throws Exception {
    return newLocker(LockEvents.NONE);
  }

  @AfterEach
  void closeLockers() throws Exception {
    for (Locker locker : opened) {
      locker.close();
    }
    opened.clear();
  }

  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void onlyOneHolderAtATimeUnderContentionFromManyThreads() throws Exception {
    Locker a = newLocker();
    Locker b = newLocker();
    String id = newId();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger entries = new AtomicInteger();
    int threads = 6;
    int rounds = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Locker locker = t % 2 == 0 ? a : b;
        done.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            try (Lock lock = locker.lock(id, Duration.ofSeconds(60), ReleaseRequest.IGNORE)) {
              if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
              }
              assertThat(lock.isValid()).isTrue();
              entries.incrementAndGet();
              Thread.sleep(3);
              inside.decrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(180, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(overlaps.get()).isZero();
    assertThat(entries.get()).isEqualTo(threads * rounds);
  }

  @Test
  void aWaiterTimesOutWhileTheHolderKeepsTheLock() throws Exception {
    Locker a = newLocker();
    Locker b = newLocker();
    String id = newId();
    try (Lock held = a.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> b.lock(id, Duration.ofMillis(700), ReleaseRequest.IGNORE))
          .isInstanceOf(LockTimeoutException.class);
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(took).isBetween(600L, 10_000L);
      assertThat(held.isValid()).isTrue();
      assertThat(b.tryLock(id)).isEmpty();
    }
  }

  @Test
  void aReleaseRequestReachesTheHolderInAnotherLockerInstance() throws Exception {
    Locker a = newLocker();
    Locker b = newLocker();
    String id = newId();
    AtomicReference<Lock> first = new AtomicReference<>();
    CountDownLatch asked = new CountDownLatch(1);
    first.set(a.lock(id, Duration.ofSeconds(10), () -> {
      asked.countDown();
      first.get().close();
    }));
    try (Lock second = b.lock(id, Duration.ofSeconds(20), ReleaseRequest.IGNORE)) {
      assertThat(asked.await(1, TimeUnit.SECONDS)).isTrue();
      assertThat(second.isValid()).isTrue();
      assertThat(first.get().isValid()).isFalse();
    }
  }

  @Test
  void aHolderThatIgnoresReleaseRequestsIsAskedRepeatedly() throws Exception {
    Locker a = newLocker();
    Locker b = newLocker();
    String id = newId();
    AtomicInteger asked = new AtomicInteger();
    try (Lock held = a.lock(id, Duration.ofSeconds(10), asked::incrementAndGet)) {
      CompletableFuture<Lock> waiting = b.acquire(id, Duration.ofSeconds(20), ReleaseRequest.IGNORE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (asked.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(asked.get()).isGreaterThanOrEqualTo(2);
      assertThat(waiting).isNotDone();
      held.close();
      try (Lock second = waiting.get(15, TimeUnit.SECONDS)) {
        assertThat(second.isValid()).isTrue();
      }
    }
  }

  @Test
  void aCancelledWaiterLeavesNoLockBehind() throws Exception {
    Locker a = newLocker();
    Locker b = newLocker();
    String id = newId();
    Lock held = a.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE);
    CompletableFuture<Lock> waiting = b.acquire(id, Duration.ofSeconds(20), ReleaseRequest.IGNORE);
    Thread.sleep(300);
    waiting.cancel(false);
    held.close();
    try (Lock again = a.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
      assertThat(again.isValid()).isTrue();
    }
    try (Lock again = b.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
      assertThat(again.isValid()).isTrue();
    }
  }

  @Test
  void tryLockTakesOnlyAFreeLockAndCloseIsIdempotent() throws Exception {
    Locker a = newLocker();
    Locker b = newLocker();
    String id = newId();
    Optional<Lock> taken = a.tryLock(id);
    assertThat(taken).isPresent();
    assertThat(taken.get().id()).isEqualTo(id);
    assertThat(b.tryLock(id)).isEmpty();
    assertThat(b.tryLock(newId())).hasValueSatisfying(other -> other.close());
    taken.get().close();
    taken.get().close();
    assertThat(taken.get().isValid()).isFalse();
    assertThatThrownBy(taken.get()::ensureValid).isInstanceOf(LockLostException.class);
    try (Lock next = b.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
      assertThat(next.isValid()).isTrue();
      next.ensureValid();
    }
  }

  @Test
  void metricsCountAcquisitionsHoldsAndReleaseRequests() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LockMetrics metrics = new LockMetrics(registry, "test");
    Locker a = metrics.instrument(newLocker(metrics));
    Locker b = metrics.instrument(newLocker(metrics));
    String id = newId();
    AtomicReference<Lock> first = new AtomicReference<>();
    first.set(a.lock(id, Duration.ofSeconds(10), () -> first.get().close()));
    try (Lock second = b.lock(id, Duration.ofSeconds(20), ReleaseRequest.IGNORE)) {
      assertThat(second.isValid()).isTrue();
    }
    assertThatThrownBy(() -> {
      try (Lock blocker = a.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
        try {
          b.lock(id, Duration.ofMillis(300), ReleaseRequest.IGNORE);
        } finally {
          Thread.sleep(1500);
        }
      }
    }).isInstanceOf(LockTimeoutException.class);
    assertThat(registry.get("tus.lock.acquire").tags("outcome", "acquired").timer().count()).isEqualTo(3);
    assertThat(registry.get("tus.lock.acquire").tags("outcome", "timeout").timer().count()).isEqualTo(1);
    assertThat(registry.get("tus.lock.hold").timer().count()).isEqualTo(3);
    assertThat(registry.get("tus.lock.release.requests.sent").counter().count()).isGreaterThanOrEqualTo(1);
    assertThat(registry.get("tus.lock.release.requests.received").counter().count()).isGreaterThanOrEqualTo(1);
    assertThat(registry.get("tus.lock.release.requests.honoured").counter().count()).isEqualTo(1);
    assertThat(registry.get("tus.lock.leases.lost").counter().count()).isZero();
  }
}
