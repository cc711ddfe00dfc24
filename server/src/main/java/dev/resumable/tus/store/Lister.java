package dev.resumable.tus.store;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Capability: the store can enumerate its uploads (expiration sweep, store-size accounting at start). */
public interface Lister {

  /** The IDs of every upload the store holds, in no particular order. */
  List<String> listIds() throws IOException;

  /**
   * The IDs of uploads that may have expired: at least every unfinished upload last changed before {@code cutoff}
   * (more may be named; the caller reads each before deleting it). A store that can tell from a cheap listing leaves
   * the others out, so an expiration pass need not read every upload; the default names every upload.
   */
  default List<String> expirationCandidates(Instant cutoff) throws IOException {
    return listIds();
  }
}
