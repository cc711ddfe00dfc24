package dev.resumable.tus.store;

import java.io.IOException;

/** The store does not know the upload. */
public class UploadNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  public UploadNotFoundException(String id) {
    super("upload not found: " + id);
  }
}
