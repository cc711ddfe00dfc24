package dev.resumable.tus.lock;

/** The holder's answer to "someone else wants this upload": typically stop a stalled write. */
@FunctionalInterface
public interface ReleaseRequest {

  /** Never honours a request. */
  ReleaseRequest IGNORE = () -> { };

  /** Called while another request waits for the lock. Must not block. */
  void requested();
}
