package dev.resumable.tus.store;

import java.io.IOException;
import java.io.InputStream;

/** Capability: the stored bytes of an upload can be read back (GET download). */
public interface Downloader {

  /** A stream of {@code length} bytes of the upload starting at {@code start}; the caller closes it. */
  InputStream read(String id, long start, long length) throws IOException;
}
