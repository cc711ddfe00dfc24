package dev.resumable.tus.store;

import java.io.IOException;

/** A write was attempted at an offset other than the upload's stored length. */
public class OffsetMismatchException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long actual;

  public OffsetMismatchException(long expected, long actual) {
    super("offset mismatch: request at " + expected + ", stored " + actual);
    this.actual = actual;
  }

  /** The stored length when the write was refused. */
  public long actual() {
    return actual;
  }
}
