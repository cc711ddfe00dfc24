package dev.resumable.tus.http;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.store.Terminater;
import dev.resumable.tus.store.UploadInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired unfinished uploads in the background. Runs every quarter of the expiration period (between 1 s and
 * 1 min).
 *
 * <h2>Across replicas</h2>
 * <ul>
 *   <li>One sweeper at a time among the processes that share the locker: a pass first takes the lock
 *       {@value #SWEEPER_LOCK} with a non-blocking {@code tryLock} (its leading dot makes it an ID no upload can
 *       have). The process that gets it keeps it between passes, so it sweeps for everyone, once per period; the
 *       others skip their rounds while it lives. When it stops (its lock released on close) or dies (its lease
 *       expires with the locker's time-to-live), the next process whose round comes takes over.</li>
 *   <li>An upload is deleted only under its own lock, taken with {@code tryLock} (never asking the holder to let
 *       go): an upload a request holds is skipped (it is in use, so not expired for long), and its state is read
 *       again under the lock before it is deleted.</li>
 *   <li>A sweeper that lost its sweeper lock (lease expired, locker failover) stops the pass before the next
 *       deletion.</li>
 * </ul>
 */
final class ExpirationSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpirationSweeper.class);
  /** The lock whose holder sweeps for every process sharing the locker; never an upload ID (leading dot). */
  static final String SWEEPER_LOCK = ".expiration-sweeper";

  private final TusContext context;
  private final ScheduledExecutorService executor;
  /** This process's sweeper lock while it is the sweeper; guarded by {@code this}. */
  private Lock sweeperLock;
  private volatile boolean closed;

  ExpirationSweeper(TusContext context) {
    this.context = context;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tus-expiration-sweep");
      t.setDaemon(true);
      return t;
    });
    long period = clamp(context.config.expiration().dividedBy(4)).toMillis();
    executor.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
  }

  private static Duration clamp(Duration value) {
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofMinutes(1);
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }

  private void sweepSafely() {
    try {
      int removed = sweep();
      if (removed > 0) {
        LOG.info("expiration sweep removed {} upload(s)", removed);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("expiration sweep failed: {}", e.toString());
    }
  }

  /** One pass, when this process is (or becomes) the sweeper; returns the number of uploads removed. */
  synchronized int sweep() throws IOException {
    Lock sweeping = sweeperLock();
    if (sweeping == null) {
      return 0;
    }
    int removed = 0;
    // only what the store's listing names as possibly expired is read (S3 tells from object times, no GET each)
    Instant cutoff = context.clock.instant().minus(context.config.expiration());
    for (String id : context.lister.expirationCandidates(cutoff)) {
      if (closed) {
        break;
      }
      if (!sweeping.isValid()) {
        LOG.warn("lost the expiration sweeper lock during a pass; stopping it (another process takes over)");
        break;
      }
      Optional<UploadInfo> info = context.store.find(id);
      if (info.isEmpty() || !context.isExpired(info.get())) {
        continue;
      }
      Optional<Lock> lock = context.locker.tryLock(id);
      if (lock.isEmpty()) {
        continue;
      }
      try (Lock held = lock.get()) {
        Optional<UploadInfo> current = context.store.find(id);
        if (current.isPresent() && context.isExpired(current.get()) && held.isValid() && sweeping.isValid()) {
          ((Terminater) context.store).terminate(id);
          context.quota.release(TusContext.reservedBytes(current.get()));
          context.listener.terminated(current.get(), true);
          removed++;
        }
      }
    }
    return removed;
  }

  /** The sweeper lock, kept or newly taken; null while another process holds it (or after close). */
  private Lock sweeperLock() throws IOException {
    if (closed) {
      return null;
    }
    if (sweeperLock != null && sweeperLock.isValid()) {
      return sweeperLock;
    }
    if (sweeperLock != null) {
      LOG.warn("this process lost the expiration sweeper lock; it sweeps again only if it can take it back");
      sweeperLock.close();
      sweeperLock = null;
    }
    Optional<Lock> taken = context.locker.tryLock(SWEEPER_LOCK);
    if (taken.isEmpty()) {
      LOG.debug("another process runs the expiration sweep");
      return null;
    }
    sweeperLock = taken.get();
    LOG.info("this process now runs the expiration sweep for every process sharing the {} locker",
        context.locker.type());
    return sweeperLock;
  }

  /** Stops sweeping and lets another process become the sweeper. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (sweeperLock != null) {
        sweeperLock.close();
        sweeperLock = null;
      }
    }
  }
}
