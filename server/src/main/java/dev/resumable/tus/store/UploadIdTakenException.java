package dev.resumable.tus.store;

import java.io.IOException;

/**
 * {@link UploadStore#create} refuses an ID that is in use, or that would share a file or object with another upload
 * (on S3 {@code abc.info} is the description of {@code abc}). Only IDs chosen outside the server (a pre-create hook's
 * {@code ChangeFileInfo.ID}) can meet this; nothing is written.
 */
public class UploadIdTakenException extends IOException {
  private static final long serialVersionUID = 1L;

  public UploadIdTakenException(String id, String reason) {
    super("upload ID " + id + " cannot be used: " + reason);
  }
}
