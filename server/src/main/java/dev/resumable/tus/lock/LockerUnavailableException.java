package dev.resumable.tus.lock;

import java.io.IOException;

/** The locker's backend (Redis, etcd, a shared directory) cannot be reached; requests that need a lock get 503. */
public class LockerUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public LockerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
