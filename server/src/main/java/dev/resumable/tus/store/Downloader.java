package dev.resumable.tus.store;

import java.io.IOException;
import java.io.InputStream;

/** Capability: the stored bytes of an upload can be read back (GET download). */
public interface Downloader {

  /** A blocking stream of {@code length} bytes of the upload starting at {@code start}; the caller closes it. */
  InputStream read(String id, long start, long length) throws IOException;

  /**
   * A reader of {@code length} bytes of the upload starting at {@code start}, pulled chunk by chunk as the client
   * takes them (what the HTTP layer serves downloads with: no thread and at most a buffer per slow client). The
   * default reads through {@link #read}, opening a stream at the first read and again after the client was idle;
   * a store overrides it to read without a stream, or to abandon a stream without draining it.
   *
   * @throws UploadNotFoundException when the upload does not exist (possibly only at the first read)
   */
  default DownloadReader open(String id, long start, long length) throws IOException {
    return new StreamDownloadReader((position, count) -> read(id, position, count), start, length);
  }
}
