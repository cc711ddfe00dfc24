package dev.resumable.tus.store;

import java.io.IOException;

/** The chunk's checksum did not match the one the client declared; the chunk was discarded. */
public class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public ChecksumMismatchException(String message) {
    super(message);
  }
}
