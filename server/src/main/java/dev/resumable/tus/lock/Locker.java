package dev.resumable.tus.lock;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The locking seam: one upload is written by one request at a time, across every server process that shares the
 * store. Implementations: {@code memory} (one process), {@code file} (processes sharing a directory); distributed
 * ones (Redis, etcd, Kubernetes Lease) plug in here, one package each.
 *
 * <p>A waiter does not just queue: while it waits it keeps asking the holder to let go (the holder's
 * {@link ReleaseRequest}), so a request stuck on a dead connection does not keep an upload locked until its network
 * timeout. The holder decides whether to honour the request.
 *
 * <p>Waiting never holds a thread: {@link #acquire} answers a future at once and completes it when the lock is had,
 * so thousands of requests can wait for busy uploads without a thread each.
 */
public interface Locker extends Closeable {

  /**
   * Acquires the lock for upload {@code id} without blocking the calling thread.
   *
   * <p>The future completes with the held lock; exceptionally with {@link LockTimeoutException} when it could not be
   * had within {@code timeout}, or with {@link LockerUnavailableException} when the locker's backend cannot be
   * reached. Cancelling the future gives up waiting; an implementation that acquires the lock after the future was
   * cancelled releases it at once (see {@link Acquisition#deliver}).
   *
   * @param onReleaseRequested called, possibly repeatedly and from another thread, while another request waits
   */
  CompletableFuture<Lock> acquire(String id, Duration timeout, ReleaseRequest onReleaseRequested);

  /**
   * The blocking form of {@link #acquire}, for callers that own a thread anyway (background sweeps, tests).
   *
   * @throws LockTimeoutException when the lock could not be had in time
   * @throws LockerUnavailableException when the backend cannot be reached
   */
  default Lock lock(String id, Duration timeout, ReleaseRequest onReleaseRequested)
      throws IOException, InterruptedException {
    CompletableFuture<Lock> pending = acquire(id, timeout, onReleaseRequested);
    try {
      return pending.get();
    } catch (InterruptedException e) {
      pending.cancel(false);
      throw e;
    } catch (ExecutionException e) {
      throw Acquisition.rethrow(e.getCause());
    }
  }

  /** Acquires the lock only if nobody holds it, without asking anyone to release and without waiting. */
  Optional<Lock> tryLock(String id) throws IOException;

  /** A short name for logs: {@code memory}, {@code file}, … */
  String type();

  /** Throws when the locker cannot serve requests now (readiness); a backend outage shows here. */
  default void checkReady() throws IOException {
  }

  @Override
  default void close() throws IOException {
  }
}
