package dev.resumable.tus.lock;

import dev.resumable.tus.lock.etcd.EtcdLocker;
import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.lock.redis.RedisLocker;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Builds the lockers under test from (type, target, ttl), the same way in the test JVM and in child JVMs. */
final class TestLockers {
  /** How long one backend request may take in the tests. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private TestLockers() {
  }

  static Locker create(String type, String target, Duration ttl, LockEvents events) throws IOException {
    switch (type) {
      case "file":
        return new FileLocker(Path.of(target), ttl.dividedBy(4), ttl, events);
      case "redis":
        return new RedisLocker(target, ttl, REQUEST_TIMEOUT, events);
      case "etcd":
        return new EtcdLocker(Client.builder().endpoints(target), ttl, REQUEST_TIMEOUT, events);
      default:
        throw new IllegalArgumentException(type);
    }
  }
}
