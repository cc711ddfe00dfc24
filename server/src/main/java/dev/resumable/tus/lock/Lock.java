package dev.resumable.tus.lock;

/** A held lock on one upload; {@link #close()} releases it (idempotent). */
public interface Lock extends AutoCloseable {

  /** The upload this lock protects. */
  String id();

  /** False once the lock was lost (for example a lease that could not be renewed). */
  boolean isValid();

  @Override
  void close();
}
