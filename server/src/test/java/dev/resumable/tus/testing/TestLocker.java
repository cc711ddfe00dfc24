package dev.resumable.tus.testing;

import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.lock.memory.MemoryLocker;
import java.io.IOException;
import java.nio.file.Path;

/** A locker a {@link TestServer} can run with, built for a test's directory; stores declare which apply to them. */
public enum TestLocker {
  /** One process: what every store can run with. */
  MEMORY {
    @Override
    public Locker open(Path dir) {
      return new MemoryLocker();
    }
  },
  /** Leases beside the uploads in a shared directory: the file store's default. */
  FILE {
    @Override
    public Locker open(Path dir) throws IOException {
      return new FileLocker(dir);
    }
  };

  /** A new locker of this kind for the test directory {@code dir}. */
  public abstract Locker open(Path dir) throws IOException;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT) + " locker";
  }
}
