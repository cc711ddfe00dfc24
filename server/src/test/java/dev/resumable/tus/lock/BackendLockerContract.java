package dev.resumable.tus.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of lockers with a lock service behind them (redis, etcd): while the service is down, acquisitions
 * fail fast with {@link LockerUnavailableException}, readiness fails and held locks turn invalid; once it is back
 * the same locker serves again without a restart.
 */
abstract class BackendLockerContract extends ProcessLockerContract {
  private final LockService service;

  /** A contract on the locker of {@code service}, which the subclass registers as its extension. */
  BackendLockerContract(LockService service) {
    this.service = service;
  }

  @Override
  protected final String type() {
    return service.type();
  }

  @Override
  protected final String target() {
    return service.server().address();
  }

  @Override
  protected final Duration ttl() {
    return Duration.ofSeconds(2);
  }

  /** Kills the backend server. */
  private void stopBackend() throws Exception {
    service.server().stop();
  }

  /** Starts it again on the same address. */
  private void startBackend() throws Exception {
    service.server().start();
  }

  @Test
  void anOutageFailsFastAndServiceResumesWhenTheBackendIsBack() throws Exception {
    Locker locker = newLocker();
    locker.checkReady();
    String id = newId();
    Lock held = locker.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE);
    stopBackend();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> locker.lock(newId(), Duration.ofSeconds(60), ReleaseRequest.IGNORE))
          .isInstanceOf(LockerUnavailableException.class);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
      assertThatThrownBy(locker::checkReady).isInstanceOf(LockerUnavailableException.class);
      long deadline = System.nanoTime() + ttl().plusSeconds(10).toNanos();
      while (held.isValid() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(held.isValid()).as("a lock that cannot be renewed turns invalid").isFalse();
      held.close();
    } finally {
      startBackend();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        locker.checkReady();
        try (Lock lock = locker.lock(newId(), Duration.ofSeconds(5), ReleaseRequest.IGNORE)) {
          assertThat(lock.isValid()).isTrue();
        }
        last = null;
        break;
      } catch (LockerUnavailableException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    assertThat(last).as("the locker serves again after the backend is back").isNull();
    try (Lock again = locker.lock(id, ttl().multipliedBy(3).plusSeconds(10), ReleaseRequest.IGNORE)) {
      assertThat(again.isValid()).isTrue();
    }
  }
}
