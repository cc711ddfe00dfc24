package dev.resumable.tus.replicas;

import dev.resumable.tus.testing.LocalRedis;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** Three replicas on one bucket with {@code -locker redis}, against a real redis-server. */
class RedisReplicasTest extends ReplicasContract {
  private LocalRedis redis;

  @Override
  protected List<String> lockerArgs() {
    if (redis == null) {
      try {
        redis = LocalRedis.start(Files.createTempDirectory(dir, "redis-"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return List.of("-locker", "redis", "-redis-url", redis.url());
  }

  @AfterAll
  void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }
}
