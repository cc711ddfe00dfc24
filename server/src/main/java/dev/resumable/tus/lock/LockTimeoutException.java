package dev.resumable.tus.lock;

import java.io.IOException;

/** The lock on an upload could not be acquired within the configured time. */
public class LockTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  public LockTimeoutException(String id) {
    super("timed out waiting for the lock on upload " + id);
  }
}
