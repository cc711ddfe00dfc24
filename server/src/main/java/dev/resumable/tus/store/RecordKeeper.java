package dev.resumable.tus.store;

import java.io.IOException;

/**
 * Capability: the store keeps small named records beside its uploads, under a reserved place its upload listing
 * ({@link Lister}) ignores and no upload ID can name. Every process sharing the store sees them.
 */
public interface RecordKeeper {

  /**
   * The records of one kind.
   *
   * @param kind a short lowercase name such as {@code hooks} or {@code hooks.failed}
   */
  Records records(String kind) throws IOException;
}
