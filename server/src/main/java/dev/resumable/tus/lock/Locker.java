package dev.resumable.tus.lock;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The locking seam: one upload is written by one request at a time, across every server process that shares the
 * store. Implementations: {@code memory} (one process), {@code file} (processes sharing a directory); distributed
 * ones (Redis, etcd, Kubernetes Lease) plug in here.
 *
 * <p>A waiter does not just queue: while it waits it keeps asking the holder to let go (the holder's
 * {@link ReleaseRequest}), so a request stuck on a dead connection does not keep an upload locked until its network
 * timeout. The holder decides whether to honour the request.
 */
public interface Locker extends Closeable {

  /**
   * Acquires the lock for upload {@code id}, waiting at most {@code timeout}.
   *
   * @param onReleaseRequested called, possibly repeatedly and from another thread, while another request waits
   * @throws LockTimeoutException when the lock could not be had in time
   */
  Lock lock(String id, Duration timeout, ReleaseRequest onReleaseRequested)
      throws IOException, InterruptedException;

  /** Acquires the lock only if nobody holds it, without asking anyone to release. */
  Optional<Lock> tryLock(String id) throws IOException;

  /** A short name for logs: {@code memory}, {@code file}, … */
  String type();

  @Override
  default void close() throws IOException {
  }
}
