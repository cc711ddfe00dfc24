package dev.resumable.tus.lock;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The locker contract on the file locker: lockers share a directory, holders in child JVMs. */
class FileLockerContractTest extends ProcessLockerContract {
  @TempDir
  Path dir;

  @Override
  protected String type() {
    return "file";
  }

  @Override
  protected String target() {
    return dir.toString();
  }

  @Override
  protected Duration ttl() {
    return Duration.ofSeconds(2);
  }
}
