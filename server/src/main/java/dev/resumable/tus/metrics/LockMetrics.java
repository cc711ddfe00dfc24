package dev.resumable.tus.metrics;

import dev.resumable.tus.lock.Acquisition;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockEvents;
import dev.resumable.tus.lock.LockLostException;
import dev.resumable.tus.lock.LockTimeoutException;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.LockerUnavailableException;
import dev.resumable.tus.lock.ReleaseRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lock metrics for any locker, tagged {@code locker=<type>}:
 * {@code tus_lock_acquire_seconds{outcome=acquired|timeout|unavailable|cancelled|failed}} (acquisition latency),
 * {@code tus_lock_hold_seconds}, {@code tus_lock_leases_lost_total}, {@code tus_lock_release_requests_sent_total}
 * (a waiter asked a holder), {@code tus_lock_release_requests_received_total} (a holder was asked) and
 * {@code tus_lock_release_requests_honoured_total} (a holder released its still valid lock while being asked: within
 * {@link #ASKING} of the latest request — waiters repeat theirs every 100–200 ms while they wait, so a lock released
 * long after its waiter gave up does not count).
 *
 * <p>The locker reports what only it sees (requests sent, leases lost) through the {@link LockEvents} this object
 * is; {@link #instrument} measures the rest around the locker's calls.
 */
public final class LockMetrics implements LockEvents {
  /** How recent the latest release request must be for a release to count as honouring it. */
  private static final long NEVER = Long.MIN_VALUE;
  static final long ASKING = TimeUnit.SECONDS.toNanos(1);

  private final MeterRegistry registry;
  private final String type;
  private final Timer hold;
  private final Counter lost;
  private final Counter sent;
  private final Counter received;
  private final Counter honoured;
  /** The acquisition timer of each outcome, found once (a registry lookup per acquisition is measurable). */
  private final Map<String, Timer> acquireTimers = new ConcurrentHashMap<>();

  /** Meters for a locker of {@code type} ({@code memory}, {@code file}, {@code redis}, {@code etcd}). */
  public LockMetrics(MeterRegistry registry, String type) {
    this.registry = registry;
    this.type = type;
    this.hold = Timer.builder("tus.lock.hold").description("How long upload locks were held").tag("locker", type)
        .serviceLevelObjectives(TusMetrics.LATENCY_BUCKETS).register(registry);
    this.lost = Counter.builder("tus.lock.leases.lost").description("Held locks found lost (lease expired, "
        + "renewal failed)").tag("locker", type).register(registry);
    this.sent = Counter.builder("tus.lock.release.requests.sent").description("Release requests sent to a holder")
        .tag("locker", type).register(registry);
    this.received = Counter.builder("tus.lock.release.requests.received")
        .description("Release requests that reached a holder here").tag("locker", type).register(registry);
    this.honoured = Counter.builder("tus.lock.release.requests.honoured")
        .description("Locks released after a release request").tag("locker", type).register(registry);
    // the outcomes alerts compute ratios of exist at zero, so that rate() sees their first acquisition
    for (String outcome : new String[] {"acquired", "timeout", "unavailable"}) {
      acquireTimer(outcome);
    }
  }

  @Override
  public void releaseRequestSent(String id) {
    sent.increment();
  }

  @Override
  public void leaseLost(String id) {
    lost.increment();
  }

  /** {@code locker} with its acquisitions, holds and release requests measured. */
  public Locker instrument(Locker locker) {
    return new Metered(locker);
  }

  private Timer acquireTimer(String outcome) {
    return acquireTimers.computeIfAbsent(outcome, o -> Timer.builder("tus.lock.acquire")
        .description("Upload lock acquisition latency").tags("locker", type, "outcome", o)
        .serviceLevelObjectives(TusMetrics.LATENCY_BUCKETS).register(registry));
  }

  private static String outcome(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof LockTimeoutException) {
      return "timeout";
    }
    if (cause instanceof LockerUnavailableException) {
      return "unavailable";
    }
    if (cause instanceof CancellationException) {
      return "cancelled";
    }
    return "failed";
  }

  /** The measuring decorator. */
  private final class Metered implements Locker {
    private final Locker inner;

    Metered(Locker inner) {
      this.inner = inner;
    }

    @Override
    public CompletableFuture<Lock> acquire(String id, Duration timeout, ReleaseRequest onReleaseRequested) {
      long start = System.nanoTime();
      AtomicLong asked = new AtomicLong(NEVER);
      ReleaseRequest counting = () -> {
        received.increment();
        asked.set(System.nanoTime());
        onReleaseRequested.requested();
      };
      CompletableFuture<Lock> pending = inner.acquire(id, timeout, counting);
      CompletableFuture<Lock> result = new CompletableFuture<>();
      pending.whenComplete((lock, error) -> {
        acquireTimer(error == null ? "acquired" : outcome(error)).record(System.nanoTime() - start,
            TimeUnit.NANOSECONDS);
        if (error != null) {
          result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error);
        } else {
          Acquisition.deliver(result, new Held(lock, asked));
        }
      });
      result.whenComplete((lock, error) -> {
        if (result.isCancelled()) {
          pending.cancel(false);
        }
      });
      return result;
    }

    @Override
    public Optional<Lock> tryLock(String id) throws IOException {
      return inner.tryLock(id).map(lock -> new Held(lock, new AtomicLong(NEVER)));
    }

    @Override
    public String type() {
      return inner.type();
    }

    @Override
    public void checkReady() throws IOException {
      inner.checkReady();
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }

    @Override
    public String toString() {
      return inner.toString();
    }
  }

  /** A held lock timing its hold. */
  private final class Held implements Lock {
    private final Lock inner;
    private final AtomicLong asked;
    private final long since = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();

    Held(Lock inner, AtomicLong asked) {
      this.inner = inner;
      this.asked = asked;
    }

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public boolean isValid() {
      return inner.isValid();
    }

    @Override
    public void ensureValid() throws LockLostException {
      inner.ensureValid();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        hold.record(System.nanoTime() - since, TimeUnit.NANOSECONDS);
        long last = asked.get();
        if (last != NEVER && System.nanoTime() - last < ASKING && inner.isValid()) {
          honoured.increment();
        }
      }
      inner.close();
    }
  }
}
