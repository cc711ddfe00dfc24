package dev.resumable.tus.lock;

/**
 * What a locker reports about its own work that its callers cannot see: release requests it sends to a holder on a
 * waiter's behalf, and held locks it found lost. Metrics implement this; the default does nothing.
 */
public interface LockEvents {

  /** Reports nothing. */
  LockEvents NONE = new LockEvents() { };

  /** A waiter asked the holder of upload {@code id} to release (once per request sent, repeats included). */
  default void releaseRequestSent(String id) {
  }

  /** A held lock on upload {@code id} was found lost (lease expired, renewal failed, taken over). */
  default void leaseLost(String id) {
  }
}
