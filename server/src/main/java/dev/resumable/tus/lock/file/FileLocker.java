package dev.resumable.tus.lock.file;

import dev.resumable.tus.lock.Acquisition;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockEvents;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.LockerUnavailableException;
import dev.resumable.tus.lock.ReleaseRequest;
import dev.resumable.tus.lock.file.SpareLeases.Spare;
import dev.resumable.tus.lock.memory.MemoryLocker;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks uploads across processes that share a directory (for example pods mounting one ReadWriteMany volume), with
 * leases rather than bare lock files, so a crashed holder never leaves an upload locked for good (tusd #1372).
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li>A lease is the name {@code <id>.lock}, hard-linked to one of this locker's lease files in
 *       {@code .tus-leases/} (content {@code host pid token}, modification time set to now just before); the link
 *       fails if a lease exists. Releasing removes that name only, and the file serves the locker's next lease, so
 *       taking and releasing a lock creates and deletes no file ({@link SpareLeases} says why that matters).</li>
 *   <li>The holder renews the lease every {@code heartbeat} (due by elapsed time, whatever the ticks cost): it checks
 *       that the file is still its own (same file key and the modification time it wrote last, else the token
 *       inside), then touches its modification time; if the file is not its own, the lease is lost and the holder is
 *       asked to stop.</li>
 *   <li>A lease is stale when its holder is a dead process on this host, when its modification time is older than
 *       {@code ttl}, or when the waiter saw it unchanged for {@code ttl} by its own clock (immune to clock skew
 *       between hosts; the observation is kept across acquisitions of this locker, which each give up sooner). A
 *       waiter breaks a stale lease by renaming it to a private name, then checks that what it renamed is the very
 *       file it judged stale; if a fresh lease was caught instead, it is linked back.</li>
 *   <li>A waiter asks the holder to release by creating {@code .tus-stop/<id>} (again on every retry while it
 *       waits); every holder looks at that directory once per tick — one directory read whatever the number of
 *       leases held — consumes the requests for its uploads and its {@link ReleaseRequest} decides. The new holder
 *       removes the stop file, so does a holder that releases, a waiter that gives up (the last of this process)
 *       and a locker that closes, so no request outlives its waiter.</li>
 *   <li>Fencing: a lock counts as valid only until the time-to-live has passed since its last renewal, on the
 *       holder's monotonic clock — a holder frozen or starved past the time-to-live sees its lock invalid as soon as
 *       it runs, and never renews it again.</li>
 * </ul>
 * Within one process, a {@link MemoryLocker} orders requests first, so the file system sees one contender per process.
 */
public final class FileLocker implements Locker {
  private static final Logger LOG = LoggerFactory.getLogger(FileLocker.class);
  private static final long TICK_MILLIS = 200;
  private static final long RETRY_MILLIS = 50;
  /** The directory of stop requests, inside the lock directory (a dot name: tusd and the stores' listings skip it). */
  static final String STOP_DIR = ".tus-stop";

  private final Path dir;
  /** Where waiters ask holders to let go: one empty file per upload, named by its ID. */
  private final Path stopDir;
  private final Duration heartbeat;
  private final Duration ttl;
  private final MemoryLocker local;
  private final LockEvents events;
  /** Tokens of the leases held by any locker of this process: a lease with our host and pid is live iff listed. */
  private static final Set<String> LIVE_TOKENS = ConcurrentHashMap.newKeySet();

  /** The leases this locker holds, by upload ID (one per upload: the in-process locker comes first). */
  private final Map<String, FileLease> leasesById = new ConcurrentHashMap<>();
  /**
   * What this process saw of other processes' leases, by upload ID, kept across acquisitions: each acquisition gives
   * up after the acquire timeout (20 s by default), less than the ttl, so the "unchanged for the ttl on the waiter's
   * own clock" rule can only fire if the observation outlives it. Forgotten when the lease changes or is taken, and
   * after two ttls without a look.
   */
  private final Map<String, Observation> observations = new ConcurrentHashMap<>();
  /** Uploads this locker waits for (and may have asked to release), with the number of waiters. */
  private final Map<String, Integer> waiting = new ConcurrentHashMap<>();
  /** Acquisitions still running, failed when the locker closes so none asks again afterwards. */
  private final Set<CompletableFuture<Lock>> pending = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService ticker;
  private final String host;
  private final long pid = ProcessHandle.current().pid();
  /** The files this locker's leases are links to, kept between leases. */
  private final SpareLeases spares;

  /** A locker on {@code dir} with a 2 s heartbeat and a 30 s lease. */
  public FileLocker(Path dir) throws IOException {
    this(dir, Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  /**
   * A locker on {@code dir}.
   *
   * @param heartbeat how often a holder renews its lease
   * @param ttl how long an unrenewed lease stays valid; must be several heartbeats
   */
  public FileLocker(Path dir, Duration heartbeat, Duration ttl) throws IOException {
    this(dir, heartbeat, ttl, LockEvents.NONE);
  }

  /**
   * A locker on {@code dir} reporting release requests and lost leases to {@code events}.
   *
   * @param heartbeat how often a holder renews its lease
   * @param ttl how long an unrenewed lease stays valid; must be several heartbeats
   */
  public FileLocker(Path dir, Duration heartbeat, Duration ttl, LockEvents events) throws IOException {
    if (ttl.compareTo(heartbeat.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException("lease ttl must be at least three heartbeats");
    }
    this.dir = dir.toAbsolutePath().normalize();
    this.stopDir = this.dir.resolve(STOP_DIR);
    this.heartbeat = heartbeat;
    this.ttl = ttl;
    this.events = events;
    this.local = new MemoryLocker(events);
    Files.createDirectories(this.stopDir);
    this.host = hostName();
    this.spares = new SpareLeases(this.dir, host + " " + pid, ttl);
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tus-file-locker");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public String type() {
    return "file";
  }

  @Override
  public CompletableFuture<Lock> acquire(String id, Duration timeout, ReleaseRequest onReleaseRequested) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Lock> result = new CompletableFuture<>();
    pending.add(result);
    result.whenComplete((lock, error) -> pending.remove(result));
    local.acquire(id, timeout, onReleaseRequested).whenComplete((inProcess, failure) -> {
      if (failure != null) {
        result.completeExceptionally(failure);
        return;
      }
      waiting.merge(id, 1, Integer::sum);
      // the file-system attempt has its own future, so that a waiter that fails lets go of its in-process hold and
      // withdraws its stop request before its caller hears of the failure (a caller retrying at once finds it free)
      CompletableFuture<Lock> attempt = new CompletableFuture<>();
      result.whenComplete((lock, error) -> {
        if (error != null) {
          // completed from outside (the locker closes, the caller cancelled): stop trying
          attempt.completeExceptionally(error);
        }
      });
      attempt.whenComplete((lock, error) -> {
        boolean last = waiting.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null) == null;
        if (lock == null) {
          if (last) {
            // a waiter that gives up withdraws its request, or the holder would be asked to stop for nobody
            deleteStop(id);
          }
          inProcess.close();
          result.completeExceptionally(error);
        } else {
          Acquisition.deliver(result, lock);
        }
      });
      Acquisition.poll(attempt, id, deadline, Duration.ofMillis(RETRY_MILLIS), () -> {
        FileLease lease = tryCreate(id, inProcess, onReleaseRequested);
        if (lease != null) {
          return lease;
        }
        if (breakIfStale(id)) {
          lease = tryCreate(id, inProcess, onReleaseRequested);
          if (lease != null) {
            return lease;
          }
        }
        requestStop(id);
        return null;
      });
    });
    return result;
  }

  @Override
  public Optional<Lock> tryLock(String id) throws IOException {
    Optional<Lock> inProcess = local.tryLock(id);
    if (inProcess.isEmpty()) {
      return Optional.empty();
    }
    FileLease lease = tryCreate(id, inProcess.get(), ReleaseRequest.IGNORE);
    if (lease == null && breakIfStale(id)) {
      lease = tryCreate(id, inProcess.get(), ReleaseRequest.IGNORE);
    }
    if (lease == null) {
      inProcess.get().close();
      return Optional.empty();
    }
    return Optional.of(lease);
  }

  /** Releases every lease and withdraws every release request this locker made (shutdown leaves no files). */
  @Override
  public void close() {
    ticker.shutdownNow();
    for (CompletableFuture<Lock> acquisition : pending) {
      acquisition.completeExceptionally(new LockerUnavailableException("the file locker is closed", null));
    }
    for (FileLease lease : leasesById.values()) {
      lease.close();
    }
    for (String id : waiting.keySet()) {
      deleteStop(id);
    }
    spares.close();
  }

  /**
   * Looks at the current lease (remembering the observation across attempts) and breaks it when stale.
   *
   * @return whether a stale lease was broken
   */
  private boolean breakIfStale(String id) throws IOException {
    Observation seen = observe(id, observations.get(id));
    if (seen == null) {
      observations.remove(id);
      return false;
    }
    observations.put(id, seen);
    if (!seen.isStale()) {
      return false;
    }
    observations.remove(id);
    breakStale(id, seen);
    return true;
  }

  private FileLease tryCreate(String id, Lock inProcess, ReleaseRequest onReleaseRequested) throws IOException {
    Path lock = lockPath(id);
    Spare spare = null;
    for (int attempt = 0; spare == null; attempt++) {
      Spare candidate = spares.take();
      LIVE_TOKENS.add(candidate.token);
      try {
        Files.createLink(lock, candidate.path);
        spare = candidate;
      } catch (FileAlreadyExistsException e) {
        LIVE_TOKENS.remove(candidate.token);
        spares.giveBack(candidate);
        return null;
      } catch (NoSuchFileException e) {
        // the file was collected between take and link (this process was frozen past three ttls): once more with a
        // new one; a second failure is the lock directory itself missing
        LIVE_TOKENS.remove(candidate.token);
        spares.drop(candidate);
        if (attempt > 0) {
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        LIVE_TOKENS.remove(candidate.token);
        spares.drop(candidate);
        throw e;
      }
    }
    BasicFileAttributes attributes = Files.readAttributes(lock, BasicFileAttributes.class);
    observations.remove(id);
    deleteStop(id);
    FileLease lease = new FileLease(id, spare, attributes, inProcess, onReleaseRequested);
    leasesById.put(id, lease);
    return lease;
  }

  /** Records what the current lease looks like; null when there is none. */
  private Observation observe(String id, Observation previous) throws IOException {
    Path lock = lockPath(id);
    BasicFileAttributes attributes;
    String content;
    try {
      attributes = Files.readAttributes(lock, BasicFileAttributes.class);
      content = Files.readString(lock, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return null;
    }
    long nanos = System.nanoTime();
    Observation now = new Observation(attributes.fileKey(), attributes.lastModifiedTime(), content, nanos);
    if (previous != null && previous.sameLease(now)) {
      previous.lookedAtNanos = nanos;
      return previous;
    }
    return now;
  }

  private void breakStale(String id, Observation stale) throws IOException {
    Path lock = lockPath(id);
    Path aside = dir.resolve("." + id + ".lock.stale." + UUID.randomUUID());
    try {
      Files.move(lock, aside);
    } catch (NoSuchFileException e) {
      return;
    }
    BasicFileAttributes moved = Files.readAttributes(aside, BasicFileAttributes.class);
    boolean same = Objects.equals(moved.fileKey(), stale.fileKey)
        && moved.lastModifiedTime().equals(stale.modified);
    if (!same) {
      try {
        Files.createLink(lock, aside);
      } catch (FileAlreadyExistsException e) {
        LOG.warn("lease on upload {} changed hands while being broken", id);
      }
    } else {
      LOG.info("broke stale lease on upload {} held by {}", id, stale.content);
    }
    Files.deleteIfExists(aside);
  }

  private void requestStop(String id) {
    events.releaseRequestSent(id);
    try {
      Files.createFile(stopPath(id));
    } catch (FileAlreadyExistsException e) {
      // already asked
    } catch (NoSuchFileException e) {
      // the stop directory was removed (an emptied volume): recreate it, the next retry asks again
      try {
        Files.createDirectories(stopDir);
      } catch (IOException again) {
        LOG.debug("cannot create {}: {}", stopDir, again.toString());
      }
    } catch (IOException e) {
      LOG.debug("cannot create stop request for upload {}: {}", id, e.toString());
    }
  }

  private void deleteStop(String id) {
    Path stop = stopPath(id);
    if (!stop.toFile().exists()) {
      // the common case: one stat, answered from the dentry cache, where an unlink would take the stop directory's
      // lock even for a name that is not there (java.io's check throws no exception for a missing file, Files' does)
      return;
    }
    try {
      Files.deleteIfExists(stop);
    } catch (IOException e) {
      LOG.debug("cannot remove the stop request of upload {}: {}", id, e.toString());
    }
  }

  /**
   * Every {@link #TICK_MILLIS}: hands stop requests to their holders (one look at the stop directory, whatever the
   * number of leases), and renews the leases whose last renewal is a heartbeat old. Renewal is due by time, not by
   * tick count, so a tick slowed by thousands of leases or a loaded machine delays renewals by that much only.
   */
  private void tick() {
    long now = System.nanoTime();
    observations.values().removeIf(o -> now - o.lookedAtNanos > 2 * ttl.toNanos());
    if (!leasesById.isEmpty()) {
      deliverStopRequests();
    }
    spares.tick();
    long heartbeatNanos = heartbeat.toNanos();
    for (FileLease lease : leasesById.values()) {
      if (now - lease.renewedAtNanos < heartbeatNanos) {
        continue;
      }
      try {
        lease.renew();
      } catch (RuntimeException | IOException e) {
        LOG.warn("lease renewal on upload {} failed: {}", lease.id, e.toString());
      }
    }
  }

  /** Asks the holders of this process whose uploads have a stop request to release them. */
  private void deliverStopRequests() {
    try (DirectoryStream<Path> requests = Files.newDirectoryStream(stopDir)) {
      for (Path request : requests) {
        FileLease lease = leasesById.get(request.getFileName().toString());
        if (lease != null && Files.deleteIfExists(request)) {
          lease.onReleaseRequested.requested();
        }
      }
    } catch (NoSuchFileException e) {
      // no request was ever made
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the lock stop requests in {}: {}", stopDir, e.toString());
    }
  }

  private Path lockPath(String id) {
    return dir.resolve(id + ".lock");
  }

  private Path stopPath(String id) {
    return stopDir.resolve(id);
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim().replace(' ', '_');
    }
    try {
      return InetAddress.getLocalHost().getHostName().replace(' ', '_');
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** What a waiter saw of someone else's lease, and since when it has looked like that. */
  private final class Observation {
    final Object fileKey;
    final FileTime modified;
    final String content;
    final long seenAtNanos;
    volatile long lookedAtNanos;

    Observation(Object fileKey, FileTime modified, String content, long seenAtNanos) {
      this.fileKey = fileKey;
      this.modified = modified;
      this.content = content;
      this.seenAtNanos = seenAtNanos;
      this.lookedAtNanos = seenAtNanos;
    }

    boolean sameLease(Observation other) {
      return Objects.equals(fileKey, other.fileKey) && modified.equals(other.modified);
    }

    boolean isStale() {
      if (System.nanoTime() - seenAtNanos >= ttl.toNanos()) {
        return true;
      }
      if (Duration.between(modified.toInstant(), Instant.now()).compareTo(ttl) > 0) {
        return true;
      }
      String[] parts = content.split(" ");
      if (parts.length == 3 && parts[0].equals(host)) {
        try {
          long owner = Long.parseLong(parts[1]);
          if (owner == pid) {
            return !LIVE_TOKENS.contains(parts[2]);
          }
          return ProcessHandle.of(owner).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
          return false;
        }
      }
      return false;
    }
  }

  /** A held lease. */
  private final class FileLease implements Lock {
    final String id;
    final Spare spare;
    final Object fileKey;
    final Lock inProcess;
    final ReleaseRequest onReleaseRequested;
    final AtomicBoolean closed = new AtomicBoolean();
    volatile boolean lost;
    /** When the lease was last renewed (or created), by {@link System#nanoTime()}. */
    volatile long renewedAtNanos = System.nanoTime();
    /** Our lease is valid until this {@link System#nanoTime()}: a holder frozen past it has lost it. */
    volatile long validUntil = renewedAtNanos + ttl.toNanos();
    /** The modification time this holder gave the lease file last (renewals run on the ticker only). */
    private volatile FileTime touched;

    FileLease(String id, Spare spare, BasicFileAttributes created, Lock inProcess,
        ReleaseRequest onReleaseRequested) {
      this.id = id;
      this.spare = spare;
      this.fileKey = created.fileKey();
      this.touched = created.lastModifiedTime();
      this.inProcess = inProcess;
      this.onReleaseRequested = onReleaseRequested;
    }

    /**
     * Renews the lease: checks that the lease file is still ours, then touches it. A lease whose validity already
     * ran out (a holder frozen or starved past the time-to-live) is lost for good, even if nobody took it: a waiter
     * may have judged it stale meanwhile.
     */
    void renew() throws IOException {
      if (closed.get() || lost) {
        return;
      }
      long started = System.nanoTime();
      if (started - validUntil >= 0) {
        markLost();
        return;
      }
      Path lock = lockPath(id);
      try {
        if (!isOurs(Files.readAttributes(lock, BasicFileAttributes.class))) {
          markLost();
          return;
        }
        FileTime now = FileTime.from(Instant.now());
        Files.setLastModifiedTime(lock, now);
        touched = now;
        renewedAtNanos = started;
        validUntil = started + ttl.toNanos();
      } catch (NoSuchFileException e) {
        markLost();
      }
    }

    /**
     * Whether the lease file described by {@code attributes} is this lease. Same file key and the modification time
     * this holder wrote last: ours (one {@code stat}). The file key alone is not enough, a successor's lease may
     * reuse our inode; when the time differs (a file system that rounds times) the token inside decides.
     */
    private boolean isOurs(BasicFileAttributes attributes) throws IOException {
      if (!Objects.equals(attributes.fileKey(), fileKey)) {
        return false;
      }
      if (attributes.lastModifiedTime().equals(touched)) {
        return true;
      }
      return Files.readString(lockPath(id), StandardCharsets.UTF_8).contains(spare.token);
    }

    private void markLost() {
      lost = true;
      LOG.warn("lease on upload {} was lost; stopping its writer", id);
      events.leaseLost(id);
      onReleaseRequested.requested();
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean isValid() {
      return !closed.get() && !lost && System.nanoTime() - validUntil < 0;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      leasesById.remove(id, this);
      LIVE_TOKENS.remove(spare.token);
      boolean removed = false;
      try {
        Path lock = lockPath(id);
        if (isOurs(Files.readAttributes(lock, BasicFileAttributes.class))) {
          Files.delete(lock);
          removed = true;
        }
      } catch (NoSuchFileException e) {
        // already gone
      } catch (IOException e) {
        LOG.warn("cannot remove lease file of upload {}: {}", id, e.toString());
      } finally {
        // a lease name that may still be linked to the file (lost, broken, not removed) must never be renewed by a
        // later lease of this process: the file is reused only after a clean release
        if (removed && !lost) {
          spares.giveBack(spare);
        } else {
          spares.drop(spare);
        }
        // a request to release is answered by releasing: none is left for the next holder (a waiter asks again)
        deleteStop(id);
        inProcess.close();
      }
    }
  }
}
