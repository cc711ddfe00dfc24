package dev.resumable.tus.http;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.store.Terminater;
import dev.resumable.tus.store.UploadInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired unfinished uploads in the background. Runs every quarter of the expiration period (between 1 s and
 * 1 min); skips uploads whose lock is held (they are in use, so not expired for long).
 */
final class ExpirationSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpirationSweeper.class);

  private final TusContext context;
  private final ScheduledExecutorService executor;

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

  /** One pass; returns the number of uploads removed. */
  int sweep() throws IOException {
    int removed = 0;
    for (String id : context.lister.listIds()) {
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
        if (current.isPresent() && context.isExpired(current.get())) {
          ((Terminater) context.store).terminate(id);
          context.quota.release(TusContext.reservedBytes(current.get()));
          context.listener.terminated(current.get(), true);
          removed++;
        }
      }
    }
    return removed;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
