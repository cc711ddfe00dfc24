package dev.resumable.tus.lock;

import dev.resumable.tus.testing.LocalRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The locker contract on the Redis locker, against a real redis-server started for this class. */
class RedisLockerContractTest extends BackendLockerContract {
  @RegisterExtension
  static final LockService REDIS = new LockService("redis", LocalRedis::start);

  RedisLockerContractTest() {
    super(REDIS);
  }
}
