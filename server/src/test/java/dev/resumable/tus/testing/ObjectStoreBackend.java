package dev.resumable.tus.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the fixtures of object stores (S3, Azure) have in common: bytes become durable in units larger than a read
 * (parts, blocks) or when a PATCH ends, and without an upload directory there is no file locker, so a server runs
 * the memory locker (or Redis, etcd across replicas), which leaves no lease behind when its process dies.
 */
public abstract class ObjectStoreBackend implements TestBackend {

  @Override
  public final boolean durableAsTheyArrive() {
    return false;
  }

  @Override
  public final List<TestLocker> lockers() {
    return List.of(TestLocker.MEMORY);
  }

  @Override
  public final Optional<Path> leaseOf(Path dir, String id) {
    return Optional.empty();
  }
}
