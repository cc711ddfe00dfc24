package dev.resumable.tus.lock;

import dev.resumable.tus.testing.LocalRedis;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The locker contract on the Redis locker, against a real redis-server started for this class. */
class RedisLockerContractTest extends BackendLockerContract {
  private static LocalRedis redis;

  @TempDir
  static Path backendDir;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = LocalRedis.start(backendDir);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected String type() {
    return "redis";
  }

  @Override
  protected String target() {
    return redis.url();
  }

  @Override
  protected Duration ttl() {
    return Duration.ofSeconds(2);
  }

  @Override
  protected void stopBackend() throws Exception {
    redis.stop();
  }

  @Override
  protected void startBackend() throws Exception {
    redis.start();
  }
}
