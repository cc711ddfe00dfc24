package dev.resumable.tus.lock;

/**
 * A held lock on one upload; {@link #close()} releases it (idempotent).
 *
 * <p>Fencing: a lock can be lost while held (a lease that expired during a long pause, a backend failover). A holder
 * calls {@link #ensureValid()} before every store write and commit, so a process that lost its lock writes nothing
 * more.
 */
public interface Lock extends AutoCloseable {

  /** The upload this lock protects. */
  String id();

  /** False once the lock was lost (for example a lease that could not be renewed) or released. */
  boolean isValid();

  /** Throws {@link LockLostException} unless the lock is still held. */
  default void ensureValid() throws LockLostException {
    if (!isValid()) {
      throw new LockLostException(id());
    }
  }

  @Override
  void close();
}
