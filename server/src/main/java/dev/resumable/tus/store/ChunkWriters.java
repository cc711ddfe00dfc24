package dev.resumable.tus.store;

import dev.resumable.tus.lock.Lock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** Helpers around {@link ChunkWriter} for blocking callers. */
public final class ChunkWriters {
  private static final int BUFFER_SIZE = 64 * 1024;

  private ChunkWriters() {
  }

  /**
   * Reads {@code data} to its end into {@code writer} and finishes it. When the stream fails, the writer is aborted
   * keeping what it received (see {@link ChunkWriter#abort}) and the failure rethrown; when a write fails, the
   * writer is aborted and the failure rethrown.
   *
   * @return the bytes written
   */
  public static long pump(ChunkWriter writer, InputStream data) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    while (true) {
      int n;
      try {
        n = data.read(buffer);
      } catch (IOException e) {
        writer.abort(true);
        throw e;
      }
      if (n < 0) {
        break;
      }
      if (n == 0) {
        continue;
      }
      try {
        writer.write(ByteBuffer.wrap(buffer, 0, n));
      } catch (IOException | RuntimeException e) {
        abortQuietly(writer, e);
        throw e;
      }
    }
    writer.finish();
    return writer.written();
  }

  private static void abortQuietly(ChunkWriter writer, Exception failure) {
    try {
      writer.abort(true);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * A lock that is always valid, for callers that guarantee exclusivity by other means (a test or tool holding the
   * only handle on the store).
   */
  public static Lock unfenced(String id) {
    return new Lock() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public boolean isValid() {
        return true;
      }

      @Override
      public void close() {
      }
    };
  }
}
