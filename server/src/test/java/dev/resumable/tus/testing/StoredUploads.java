package dev.resumable.tus.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What a test may check about what the store holds, whatever the store (directory or bucket). */
public interface StoredUploads {

  /** The stored bytes of an upload (ID or upload path); empty when nothing is stored. */
  byte[] bytes(String upload) throws IOException;

  /** The stored bytes as ASCII text. */
  default String text(String upload) throws IOException {
    return new String(bytes(upload), StandardCharsets.US_ASCII);
  }

  /** The number of bytes the store holds durably for the upload (what HEAD must report after a restart). */
  default long size(String upload) throws IOException {
    return bytes(upload).length;
  }

  /** Whether anything of the upload (data or description) is still stored. */
  boolean exists(String upload) throws IOException;

  /** Things stored: files in the directory, or objects plus multipart uploads in progress in the bucket. */
  long count() throws IOException;

  /** The upload ID of an ID or an upload path. */
  static String idOf(String upload) {
    return upload.substring(upload.lastIndexOf('/') + 1);
  }
}
