package dev.resumable.tus.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of lockers that span processes (file, redis, etcd): a holder in a child JVM that dies (SIGKILL) or
 * freezes (SIGSTOP) past the lease time-to-live loses the upload to another process, and a frozen holder that runs
 * again sees its lock invalid and cannot delete its successor's lock.
 */
abstract class ProcessLockerContract extends LockerContract {
  @TempDir
  Path logs;

  /** The locker type and target as {@link TestLockers#create} takes them, for the child JVM. */
  protected abstract String type();

  protected abstract String target();

  /** The lease time-to-live of the fixture's lockers. */
  protected abstract Duration ttl();

  @Override
  protected final Locker createLocker(LockEvents events) throws Exception {
    return TestLockers.create(type(), target(), ttl(), events);
  }

  @Test
  void aDeadHoldersLockIsTakenWithinTheTimeToLive() throws Exception {
    String id = newId();
    LockHolder holder = LockHolder.start(logs.resolve("holder.log"), type(), target(), ttl(), id);
    try (holder) {
      Locker locker = newLocker();
      assertThat(locker.tryLock(id)).isEmpty();
      holder.kill();
      long start = System.nanoTime();
      try (Lock lock = locker.lock(id, ttl().multipliedBy(4).plusSeconds(10), ReleaseRequest.IGNORE)) {
        assertThat(lock.isValid()).isTrue();
      }
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(took).isLessThan(ttl().toMillis() + 5_000);
    }
  }

  @Test
  void aFrozenHolderLosesTheLockAndCannotDeleteItsSuccessors() throws Exception {
    String id = newId();
    LockHolder holder = LockHolder.start(logs.resolve("holder.log"), type(), target(), ttl(), id);
    try (holder) {
      assertThat(holder.valid()).isTrue();
      Locker locker = newLocker();
      holder.signal("STOP");
      long start = System.nanoTime();
      Lock successor = locker.lock(id, ttl().multipliedBy(4).plusSeconds(10), ReleaseRequest.IGNORE);
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(took).isLessThan(ttl().toMillis() * 2 + 5_000);
      holder.signal("CONT");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      boolean valid = holder.valid();
      while (valid && System.nanoTime() < deadline) {
        Thread.sleep(100);
        valid = holder.valid();
      }
      assertThat(valid).as("the thawed holder's lock is invalid").isFalse();
      if (!holder.saw("REQUESTED")) {
        holder.await("REQUESTED", Duration.ofSeconds(5));
      }
      holder.send("release");
      holder.await("RELEASED", Duration.ofSeconds(10));
      assertThat(successor.isValid()).isTrue();
      Locker third = newLocker();
      assertThat(third.tryLock(id)).as("the successor's lock survived the old holder's release").isEmpty();
      successor.close();
      try (Lock after = third.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
        assertThat(after.isValid()).isTrue();
      }
    }
  }

  @Test
  void aReleaseRequestReachesAHolderInAnotherProcess() throws Exception {
    String id = newId();
    LockHolder holder = LockHolder.start(logs.resolve("holder.log"), type(), target(), ttl(), id);
    try (holder) {
      Locker locker = newLocker();
      assertThat(locker.acquire(id, Duration.ofSeconds(2), ReleaseRequest.IGNORE))
          .failsWithin(Duration.ofSeconds(20));
      holder.await("REQUESTED", Duration.ofSeconds(5));
      assertThat(holder.valid()).isTrue();
    }
  }
}
