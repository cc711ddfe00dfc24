package dev.resumable.tus.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resumable.tus.lock.file.FileLocker;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease-based {@link FileLocker} on its own: two lockers on one directory (as two processes sharing a volume
 * would be) exclude each other; a waiter's release request reaches the holder's {@link ReleaseRequest}; a lease left
 * by a dead process on this host is broken at once; a lease of another host is broken only after it went unrenewed
 * for the ttl (at once when its modification time is already older), or once a waiter saw it unchanged for the ttl
 * on its own clock across several shorter acquisitions; a live holder keeps renewing its lease, so a waiter never
 * breaks it however long it waits; no {@code .tus-stop/<id>} outlives its waiter (gave up, locker closed, lease released).
 * Lease files: a locker links every lease to one of its own files in {@code .tus-leases/}, reused from lease to lease
 * (taking a lock creates no file), never reused while another name still links it, deleted when the locker closes,
 * and collected by any locker once their owner stopped keeping them fresh.
 */
class FileLockerTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration TTL = Duration.ofMillis(1000);
  private static final String ID = "0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  private FileLocker first;
  private FileLocker second;

  @BeforeEach
  void open() throws IOException {
    first = new FileLocker(dir, HEARTBEAT, TTL);
    second = new FileLocker(dir, HEARTBEAT, TTL);
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  private Path lease() {
    return dir.resolve(ID + ".lock");
  }

  @Test
  void twoLockersOnOneDirectoryExcludeEachOther() throws Exception {
    Lock held = first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE);
    assertThat(held.isValid()).isTrue();
    assertThat(lease()).exists();
    assertThat(second.tryLock(ID)).isEmpty();
    assertThatThrownBy(() -> second.lock(ID, Duration.ofMillis(400), ReleaseRequest.IGNORE))
        .isInstanceOf(LockTimeoutException.class);
    assertThat(held.isValid()).as("a waiter does not break a live lease").isTrue();

    held.close();
    assertThat(held.isValid()).isFalse();
    assertThat(lease()).doesNotExist();
    // the timed-out waiter let go of its in-process hold before its caller saw the timeout
    Optional<Lock> taken = second.tryLock(ID);
    assertThat(taken).isPresent();
    assertThat(first.tryLock(ID)).isEmpty();
    taken.get().close();
  }

  /**
   * A waiter that times out has let go of everything it held for the wait (its in-process hold, its stop request)
   * by the time its caller hears of the timeout, so a retry from the caller's own callback already succeeds. (The
   * callback runs as the future fails; clean-up that ran after the failure was delivered, as before, left the
   * retry refused by the waiter's own in-process hold.)
   */
  @Test
  void aTimedOutWaiterHoldsNothingWhenItsCallerHearsOfIt() throws Exception {
    Lock held = first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE);
    CompletableFuture<Optional<Lock>> retried = new CompletableFuture<>();
    AtomicReference<Boolean> stopRequestLeft = new AtomicReference<>();
    second.acquire(ID, Duration.ofMillis(100), ReleaseRequest.IGNORE).whenComplete((lock, failure) -> {
      try {
        assertThat(failure).isInstanceOf(LockTimeoutException.class);
        stopRequestLeft.set(Files.exists(dir.resolve(".tus-stop").resolve(ID)));
        held.close();
        retried.complete(second.tryLock(ID));
      } catch (Throwable t) {
        retried.completeExceptionally(t);
      }
    });
    Optional<Lock> retry = retried.get(10, TimeUnit.SECONDS);
    assertThat(stopRequestLeft.get()).as("the waiter's stop request is withdrawn").isFalse();
    assertThat(retry).as("the waiter's retry finds the upload free").isPresent();
    retry.get().close();
  }

  @Test
  void lockersInTurnNeverOverlap() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    Runnable worker1 = () -> critical(first, inside, overlaps);
    Runnable worker2 = () -> critical(second, inside, overlaps);
    CompletableFuture<Void> a = CompletableFuture.runAsync(worker1);
    CompletableFuture<Void> b = CompletableFuture.runAsync(worker2);
    CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
    assertThat(overlaps.get()).isZero();
  }

  private static void critical(FileLocker locker, AtomicInteger inside, AtomicInteger overlaps) {
    try {
      for (int i = 0; i < 10; i++) {
        try (Lock lock = locker.lock(ID, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
          if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
          }
          Thread.sleep(5);
          inside.decrementAndGet();
        }
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWaiterAsksTheHolderToReleaseAndGetsTheLock() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    AtomicReference<Lock> held = new AtomicReference<>();
    held.set(first.lock(ID, Duration.ofSeconds(1), () -> {
      asked.countDown();
      held.get().close();
    }));
    long started = System.nanoTime();
    Lock taken = second.lock(ID, Duration.ofSeconds(5), ReleaseRequest.IGNORE);
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertThat(asked.await(0, TimeUnit.SECONDS)).as("the holder's ReleaseRequest fired").isTrue();
    assertThat(held.get().isValid()).isFalse();
    assertThat(taken.isValid()).isTrue();
    assertThat(waited).as("released within a few ticks, not by timeout").isLessThan(Duration.ofSeconds(2));
    assertThat(dir.resolve(".tus-stop").resolve(ID)).as("the new holder clears the stop request").doesNotExist();
    taken.close();
  }

  /**
   * Thousands of leases held at once (a pod with thousands of stalled phone uploads): all stay valid over several
   * time-to-lives, and a stop request for one of them still reaches its holder — each tick reads the stop
   * directory once instead of looking for a stop file per lease.
   */
  @Test
  void thousandsOfLeasesStayValidAndStillHearStopRequests() throws Exception {
    int count = 3_000;
    List<Lock> held = new ArrayList<>();
    CountDownLatch asked = new CountDownLatch(1);
    String wanted = "upload-" + (count / 2);
    for (int i = 0; i < count; i++) {
      String id = "upload-" + i;
      held.add(first.lock(id, Duration.ofSeconds(5), id.equals(wanted) ? asked::countDown : ReleaseRequest.IGNORE));
    }
    Thread.sleep(TTL.multipliedBy(3).toMillis());
    assertThat(held).as("renewed in time, every one").allMatch(Lock::isValid);

    assertThatThrownBy(() -> second.lock(wanted, Duration.ofMillis(1500), ReleaseRequest.IGNORE))
        .as("the holder ignores the request (it only counts it down)").isInstanceOf(LockTimeoutException.class);
    assertThat(asked.await(0, TimeUnit.SECONDS)).as("the holder of one lease among thousands was asked").isTrue();
    for (Lock lock : held) {
      lock.close();
    }
    try (var left = Files.list(dir)) {
      assertThat(left.filter(p -> p.getFileName().toString().endsWith(".lock"))).as("every lease file removed")
          .isEmpty();
    }
  }

  @Test
  void aLeaseOfADeadProcessOnThisHostIsBrokenAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    long deadPid = gone.pid();
    writeLease(localHost() + " " + deadPid + " 6f1c1a2e-dead-process-token", Instant.now());
    try (FileLocker patient = new FileLocker(dir, Duration.ofSeconds(2), Duration.ofSeconds(30))) {
      long started = System.nanoTime();
      Optional<Lock> taken = patient.tryLock(ID);
      assertThat(taken).as("tryLock breaks a dead process's lease").isPresent();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(Files.readString(lease(), StandardCharsets.UTF_8)).doesNotContain(" " + deadPid + " ");
      taken.get().close();
    }
  }

  @Test
  void aLeaseOfAnotherHostIsBrokenOnlyAfterTheTtlWithoutRenewal() throws Exception {
    writeLease("otherhost 12345 token", Instant.now());
    assertThat(first.tryLock(ID)).as("a fresh foreign lease is respected").isEmpty();

    long started = System.nanoTime();
    Lock taken = first.lock(ID, Duration.ofSeconds(5), ReleaseRequest.IGNORE);
    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    assertThat(waited).as("waited out the ttl").isGreaterThanOrEqualTo(TTL.minusMillis(100))
        .isLessThan(Duration.ofSeconds(4));
    assertThat(Files.readString(lease(), StandardCharsets.UTF_8)).doesNotStartWith("otherhost");
    taken.close();
  }

  @Test
  void aForeignLeaseWhoseModificationTimeIsOlderThanTheTtlIsBrokenAtOnce() throws Exception {
    writeLease("otherhost 12345 token", Instant.now().minusSeconds(60));
    long started = System.nanoTime();
    Lock taken = first.lock(ID, Duration.ofSeconds(5), ReleaseRequest.IGNORE);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TTL.dividedBy(2));
    taken.close();
  }

  @Test
  void aLiveLeaseIsRenewedAndNotBrokenAfterMoreThanTheTtl() throws Exception {
    Lock held = first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE);
    FileTime acquired = Files.getLastModifiedTime(lease());

    assertThatThrownBy(() -> second.lock(ID, TTL.multipliedBy(3), ReleaseRequest.IGNORE))
        .isInstanceOf(LockTimeoutException.class);
    assertThat(held.isValid()).as("the holder still owns its lease").isTrue();
    assertThat(Files.getLastModifiedTime(lease())).as("the heartbeat renewed the lease").isGreaterThan(acquired);
    assertThat(Duration.between(Files.getLastModifiedTime(lease()).toInstant(), Instant.now()))
        .isLessThan(TTL);
    held.close();
    assertThat(second.tryLock(ID)).isPresent().get().satisfies(Lock::close);
  }

  @Test
  void aWaiterThatGivesUpRemovesItsStopRequestAndTheHolderIsNoLongerAsked() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Lock held = first.lock(ID, Duration.ofSeconds(1), asked::incrementAndGet);
    assertThatThrownBy(() -> second.lock(ID, Duration.ofMillis(600), ReleaseRequest.IGNORE))
        .isInstanceOf(LockTimeoutException.class);
    assertThat(dir.resolve(".tus-stop").resolve(ID)).as("removed by the waiter that gave up").doesNotExist();
    Thread.sleep(4 * HEARTBEAT.toMillis());
    int afterGivingUp = asked.get();
    assertThat(afterGivingUp).as("the holder was asked while the waiter waited").isPositive();
    Thread.sleep(4 * HEARTBEAT.toMillis());
    assertThat(asked.get()).as("nobody waits any more").isEqualTo(afterGivingUp);
    assertThat(held.isValid()).isTrue();

    CompletableFuture<Lock> waiting = second.acquire(ID, Duration.ofSeconds(30), ReleaseRequest.IGNORE);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Files.exists(dir.resolve(".tus-stop").resolve(ID)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(dir.resolve(".tus-stop").resolve(ID)).exists();
    second.close();
    assertThat(dir.resolve(".tus-stop").resolve(ID)).as("a locker closing (SIGTERM) withdraws its requests").doesNotExist();
    assertThat(waiting).isCompletedExceptionally();
    held.close();
    assertThat(dir.resolve(".tus-stop").resolve(ID)).doesNotExist();
  }

  @Test
  void aReleasedLeaseLeavesNoStopRequest() throws Exception {
    Lock held = first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE);
    Files.createFile(dir.resolve(".tus-stop").resolve(ID));
    held.close();
    assertThat(dir.resolve(".tus-stop").resolve(ID)).doesNotExist();
  }

  @Test
  void aLeaseUnchangedForTheTtlOnTheWaitersClockIsBrokenAcrossShortAcquisitions() throws Exception {
    // another host whose clock runs an hour ahead wrote this lease and then died: its modification time looks fresh
    writeLease("otherhost 12345 token", Instant.now().plus(Duration.ofHours(1)));
    Duration shortWait = TTL.dividedBy(3);
    long started = System.nanoTime();
    Lock taken = null;
    for (int attempt = 0; attempt < 12 && taken == null; attempt++) {
      try {
        taken = first.lock(ID, shortWait, ReleaseRequest.IGNORE);
      } catch (LockTimeoutException e) {
        // each acquisition gives up long before the ttl; the observation must survive it
      }
    }
    assertThat(taken).as("broken once the lease stayed unchanged for the ttl across attempts").isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(TTL.minusMillis(100));
    assertThat(Files.readString(lease(), StandardCharsets.UTF_8)).doesNotStartWith("otherhost");
    taken.close();
  }

  @Test
  void leasesReuseTheirLockersFileSoTakingALockCreatesNone() throws Exception {
    Object file;
    try (Lock lock = first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE)) {
      file = fileKey(lease());
    }
    for (int i = 0; i < 50; i++) {
      Path name = dir.resolve(String.format("%032x", i) + ".lock");
      try (Lock lock = first.lock(String.format("%032x", i), Duration.ofSeconds(1), ReleaseRequest.IGNORE)) {
        assertThat(fileKey(name)).as("the same file, linked under each upload's lease name").isEqualTo(file);
      }
      assertThat(name).doesNotExist();
    }
    assertThat(leaseFiles()).as("one file for the one lease held at a time").hasSize(1);
    first.close();
    assertThat(leaseFiles()).as("a locker that closes deletes its files").isEmpty();
  }

  @Test
  void aLeaseFileThatAnotherNameStillLinksIsNeverReused() throws Exception {
    Path linkedBack = dir.resolve("fedcba9876543210fedcba9876543210.lock");
    try (Lock lock = first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE)) {
      // what a breaker that caught a fresh lease leaves for a moment: the lease file under a second name
      Files.createLink(linkedBack, lease());
    }
    String next = "00000000000000000000000000000001";
    try (Lock lock = first.lock(next, Duration.ofSeconds(1), ReleaseRequest.IGNORE)) {
      assertThat(Files.isSameFile(dir.resolve(next + ".lock"), linkedBack))
          .as("a later lease renewing that file would keep the other name alive").isFalse();
    }
    assertThat(Files.getAttribute(linkedBack, "unix:nlink")).as("dropped from the locker's files").isEqualTo(1);
  }

  @Test
  void anIdleLeaseFileDeletedUnderItsLockerIsReplaced() throws Exception {
    first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE).close();
    Path collected = leaseFiles().get(0);
    // what another process's collection does to the idle files of a locker frozen past three ttls
    Files.delete(collected);
    try (Lock lock = first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE)) {
      assertThat(lock.isValid()).isTrue();
      assertThat(leaseFiles()).as("a new file in its place").hasSize(1).doesNotContain(collected);
      assertThat(Files.isSameFile(lease(), leaseFiles().get(0))).isTrue();
    }
  }

  @Test
  void leaseFilesOfADeadLockerAreCollectedAndALiveLockersAreKept() throws Exception {
    first.lock(ID, Duration.ofSeconds(1), ReleaseRequest.IGNORE).close();
    Path kept = leaseFiles().get(0);
    Path abandoned = dir.resolve(".tus-leases").resolve("abandoned-token");
    Files.writeString(abandoned, "otherhost 12345 abandoned-token\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(TTL.multipliedBy(4))));
    long deadline = System.nanoTime() + TTL.multipliedBy(5).toNanos();
    while (Files.exists(abandoned) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(abandoned).as("older than three ttls: its owner is gone").doesNotExist();
    Thread.sleep(TTL.multipliedBy(3).toMillis());
    assertThat(leaseFiles()).as("an idle file of a live locker is kept fresh, not collected").containsExactly(kept);
    assertThat(Duration.between(Files.getLastModifiedTime(kept).toInstant(), Instant.now())).isLessThan(TTL);
  }

  private List<Path> leaseFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(".tus-leases"))) {
      return files.toList();
    }
  }

  private static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }

  private void writeLease(String content, Instant modified) throws IOException {
    Files.writeString(lease(), content + "\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(lease(), FileTime.from(modified));
  }

  /** The host name FileLocker writes into its leases: $HOSTNAME, else the local host's name. */
  private static String localHost() throws IOException {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim().replace(' ', '_');
    }
    return InetAddress.getLocalHost().getHostName().replace(' ', '_');
  }
}
