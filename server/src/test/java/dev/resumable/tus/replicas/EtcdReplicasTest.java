package dev.resumable.tus.replicas;

import dev.resumable.tus.testing.LocalEtcd;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Three replicas on one bucket with {@code -locker etcd}, against a real etcd. */
class EtcdReplicasTest extends ReplicasContract {
  private LocalEtcd etcd;

  @Override
  protected List<String> lockerArgs() {
    if (etcd == null) {
      try {
        etcd = LocalEtcd.start(Files.createTempDirectory(dir, "etcd-"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return List.of("-locker", "etcd", "-etcd-endpoints", etcd.endpoint());
  }

  @AfterAll
  void stopEtcd() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }
}
