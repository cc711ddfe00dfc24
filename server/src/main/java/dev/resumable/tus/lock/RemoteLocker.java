package dev.resumable.tus.lock;

import dev.resumable.tus.lock.memory.MemoryLocker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every locker backed by a lock service (Redis, etcd) shares; a subclass only speaks to its backend.
 *
 * <ul>
 *   <li>Within one process a {@link MemoryLocker} orders requests first, so the backend sees one contender per
 *       process and a holder in this process is asked to release directly.</li>
 *   <li>Then {@link #claim} is tried on the shared timer until it succeeds or the deadline passes; after each failed
 *       try the holder, wherever it runs, is asked to release ({@link #askRelease}). No thread waits.</li>
 *   <li>A claim carries a lease with a local validity deadline ({@link Claim#isValid()}): a holder that cannot renew
 *       in time, or that was frozen past the lease's time-to-live, sees its lock invalid at once, before the backend
 *       has even answered. A subclass reports a lease found gone with {@link #lost}.</li>
 *   <li>A backend that fails or does not answer within the request timeout fails the acquisition with
 *       {@link LockerUnavailableException} at once rather than after the acquisition timeout.</li>
 * </ul>
 */
public abstract class RemoteLocker implements Locker {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteLocker.class);
  /** How often a waiter tries again, and repeats its release request. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final MemoryLocker local = new MemoryLocker();
  private final ConcurrentMap<String, RemoteLock> held = new ConcurrentHashMap<>();
  private final Duration requestTimeout;
  /** Where the events go; set once at wiring time. */
  protected final LockEvents events;

  /**
   * @param requestTimeout how long one backend request may take before the backend counts as unavailable
   */
  protected RemoteLocker(Duration requestTimeout, LockEvents events) {
    this.requestTimeout = requestTimeout;
    this.events = events;
  }

  /** A lock taken in the backend. */
  protected interface Claim {

    /** True while the backend lease is known to be ours and its time-to-live has not run out by our clock. */
    boolean isValid();

    /** Deletes the lock in the backend only if it is still this claim's (compare-and-delete); stops renewing. */
    CompletableFuture<?> release();
  }

  /**
   * One try at taking the lock of upload {@code id} in the backend: completes with the claim, with null when someone
   * else holds it, exceptionally when the backend failed.
   */
  protected abstract CompletableFuture<Claim> claim(String id);

  /** Asks the holder of upload {@code id}, in whatever process, to release (best effort). */
  protected abstract CompletableFuture<?> askRelease(String id);

  /** A quick backend round trip for readiness. */
  protected abstract CompletableFuture<?> ping();

  /** Releases the backend's resources (connections, clients) after every held lock was released. */
  protected abstract void closeBackend();

  @Override
  public CompletableFuture<Lock> acquire(String id, Duration timeout, ReleaseRequest onReleaseRequested) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<Lock> result = new CompletableFuture<>();
    local.acquire(id, timeout, onReleaseRequested).whenComplete((inProcess, failure) -> {
      if (failure != null) {
        result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure);
        return;
      }
      attempt(result, id, deadline, onReleaseRequested, inProcess);
    });
    return result;
  }

  private void attempt(CompletableFuture<Lock> result, String id, long deadline, ReleaseRequest onReleaseRequested,
      Lock inProcess) {
    if (result.isDone()) {
      inProcess.close();
      return;
    }
    bounded(claim(id)).whenCompleteAsync((claim, error) -> {
      if (error != null) {
        inProcess.close();
        result.completeExceptionally(unavailable(error));
        return;
      }
      if (claim != null) {
        RemoteLock lock = new RemoteLock(id, claim, inProcess, onReleaseRequested);
        held.put(id, lock);
        LOG.debug("lock on upload {} acquired ({})", id, claim);
        Acquisition.deliver(result, lock);
        return;
      }
      events.releaseRequestSent(id);
      askRelease(id).whenComplete((ignored, e) -> {
        if (e != null) {
          LOG.debug("release request for upload {} not sent: {}", id, e.toString());
        }
      });
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        inProcess.close();
        result.completeExceptionally(new LockTimeoutException(id));
        return;
      }
      Acquisition.timer().schedule(() -> attempt(result, id, deadline, onReleaseRequested, inProcess),
          Math.min(remaining, RETRY_NANOS), TimeUnit.NANOSECONDS);
    }, Acquisition.timer());
  }

  @Override
  public Optional<Lock> tryLock(String id) throws IOException {
    Optional<Lock> inProcess = local.tryLock(id);
    if (inProcess.isEmpty()) {
      return Optional.empty();
    }
    Claim claim;
    try {
      claim = bounded(claim(id)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inProcess.get().close();
      throw new LockerUnavailableException("interrupted while asking the " + type() + " locker", e);
    } catch (ExecutionException e) {
      inProcess.get().close();
      throw unavailable(e.getCause());
    }
    if (claim == null) {
      inProcess.get().close();
      return Optional.empty();
    }
    RemoteLock lock = new RemoteLock(id, claim, inProcess.get(), ReleaseRequest.IGNORE);
    held.put(id, lock);
    return Optional.of(lock);
  }

  @Override
  public void checkReady() throws IOException {
    try {
      bounded(ping()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockerUnavailableException("interrupted while asking the " + type() + " locker", e);
    } catch (ExecutionException e) {
      throw unavailable(e.getCause());
    }
  }

  /** Releases every lock still held (waiting up to the request timeout for the backend), then disconnects. */
  @Override
  public void close() {
    List<CompletableFuture<?>> releases = new ArrayList<>();
    for (RemoteLock lock : held.values()) {
      lock.close();
      releases.add(lock.released);
    }
    try {
      CompletableFuture.allOf(releases.toArray(new CompletableFuture<?>[0]))
          .get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("not every lock could be released on close (they expire with their leases): {}", e.toString());
    }
    closeBackend();
  }

  /** A release request arrived from a waiter for upload {@code id}: the holder here, if any, decides. */
  protected final void releaseRequested(String id) {
    RemoteLock lock = held.get(id);
    if (lock != null && lock.isValid()) {
      lock.onReleaseRequested.requested();
    }
  }

  /** The backend lease behind {@code claim} was found gone or could not be renewed: its holder must stop. */
  protected final void lost(String id, Claim claim, String why) {
    RemoteLock lock = held.get(id);
    if (lock != null && lock.claim == claim) {
      lock.markLost(why);
    }
  }

  /** Every held lock whose claim matches: lost together (an etcd session that expired). */
  protected final void lostAll(java.util.function.Predicate<Claim> which, String why) {
    for (RemoteLock lock : held.values()) {
      if (which.test(lock.claim)) {
        lock.markLost(why);
      }
    }
  }

  /** The backend request, failing with a timeout when the backend does not answer in time. */
  protected final <T> CompletableFuture<T> bounded(CompletableFuture<T> request) {
    return request.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The request timeout given at construction. */
  protected final Duration requestTimeout() {
    return requestTimeout;
  }

  /** A backend failure as the exception callers see. */
  protected final LockerUnavailableException unavailable(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof LockerUnavailableException unavailable) {
      return unavailable;
    }
    String what = cause instanceof TimeoutException ? "did not answer within " + requestTimeout.toMillis() + " ms"
        : "failed: " + cause.getMessage();
    return new LockerUnavailableException("the " + type() + " locker's backend " + what, cause);
  }

  /** A lock held through this locker: the in-process lock plus the backend claim. */
  private final class RemoteLock implements Lock {
    final String id;
    final Claim claim;
    final Lock inProcess;
    final ReleaseRequest onReleaseRequested;
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicBoolean lost = new AtomicBoolean();
    /** Completes once the backend release was answered (or failed) after {@link #close()}. */
    final CompletableFuture<Void> released = new CompletableFuture<>();

    RemoteLock(String id, Claim claim, Lock inProcess, ReleaseRequest onReleaseRequested) {
      this.id = id;
      this.claim = claim;
      this.inProcess = inProcess;
      this.onReleaseRequested = onReleaseRequested;
    }

    void markLost(String why) {
      if (closed.get() || !lost.compareAndSet(false, true)) {
        return;
      }
      LOG.warn("lock on upload {} was lost ({}); stopping its writer", id, why);
      events.leaseLost(id);
      onReleaseRequested.requested();
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean isValid() {
      return !closed.get() && !lost.get() && claim.isValid();
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      held.remove(id, this);
      CompletableFuture<?> releasing;
      try {
        releasing = bounded(claim.release());
      } catch (RuntimeException e) {
        releasing = CompletableFuture.failedFuture(e);
      }
      releasing.whenComplete((ignored, error) -> {
        LOG.debug("lock on upload {} released ({}): {}", id, claim, error == null ? ignored : error.toString());
        if (error != null) {
          LOG.warn("could not release the lock on upload {} (it expires with its lease): {}", id,
              unavailable(error).getMessage());
        }
        inProcess.close();
        this.released.complete(null);
      });
    }
  }
}
