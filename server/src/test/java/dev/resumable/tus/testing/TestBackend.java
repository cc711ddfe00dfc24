package dev.resumable.tus.testing;

import dev.resumable.tus.store.UploadStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One store's fixture for the store-contract suite ({@link StoreContract}): how to open the store for a test, how
 * to look at what it holds, and the few facts in which stores legitimately differ. A store gets the whole suite by
 * implementing this once and adding one line to {@link StoreFixtures#all()}.
 *
 * <p>Everything is keyed by the test's temporary directory: the same directory gives the same storage (a test that
 * restarts its server, in-process or as a child JVM, finds its uploads again); another directory gives fresh, empty
 * storage (a bucket, a container).
 */
public interface TestBackend {

  /** Opens the store for a test whose temporary directory is {@code dir} (the same store again for the same dir). */
  UploadStore open(Path dir) throws IOException;

  /** A view of what the store opened for {@code dir} holds. */
  StoredUploads stored(Path dir);

  /** A regular expression every ID the store gives a new upload matches. */
  String idPattern();

  /**
   * Whether the bytes of a running PATCH count in HEAD as they arrive (a file is written byte by byte); false for
   * stores that make bytes durable in larger units (S3 parts, Azure blocks) or when the PATCH ends.
   */
  boolean durableAsTheyArrive();

  /** The lockers a server on this store runs with in one process (the {@code -locker} choices that apply). */
  List<TestLocker> lockers();

  /** The executable's flags and environment for the storage of {@code dir} (crash tests run it as a child JVM). */
  CommandLine commandLine(Path dir);

  /**
   * Where the executable on this store leaves the lease of an upload it held when it was killed, if its locker
   * leaves one (the file locker does; lockers in memory die with the process).
   */
  Optional<Path> leaseOf(Path dir, String id);

  /** Flags and environment variables of the executable. */
  record CommandLine(List<String> args, Map<String, String> env) {
  }
}
