package dev.resumable.tus.store;

import java.io.IOException;

/**
 * The store cannot take this write now because a process-wide bound is reached (for example its temporary buffer
 * space): nothing of the chunk was kept beyond what the upload's offset shows; the client may retry later.
 */
public class StoreBusyException extends IOException {
  private static final long serialVersionUID = 1L;

  public StoreBusyException(String message) {
    super(message);
  }
}
