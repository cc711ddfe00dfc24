package dev.resumable.tus.lock;

import dev.resumable.tus.testing.LocalEtcd;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The locker contract on the etcd locker, against a real etcd started for this class. */
class EtcdLockerContractTest extends BackendLockerContract {
  private static LocalEtcd etcd;

  @TempDir
  static Path backendDir;

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = LocalEtcd.start(backendDir);
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    etcd.close();
  }

  @Override
  protected String type() {
    return "etcd";
  }

  @Override
  protected String target() {
    return etcd.endpoint();
  }

  @Override
  protected Duration ttl() {
    return Duration.ofSeconds(2);
  }

  @Override
  protected void stopBackend() throws Exception {
    etcd.stop();
  }

  @Override
  protected void startBackend() throws Exception {
    etcd.start();
  }
}
