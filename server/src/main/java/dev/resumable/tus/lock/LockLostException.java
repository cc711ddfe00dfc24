package dev.resumable.tus.lock;

import java.io.IOException;

/** The lock on an upload was lost while held: its holder must not write one more byte into the upload. */
public class LockLostException extends IOException {
  private static final long serialVersionUID = 1L;

  public LockLostException(String id) {
    super("the lock on upload " + id + " was lost");
  }
}
