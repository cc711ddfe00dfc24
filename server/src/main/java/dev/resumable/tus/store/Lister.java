package dev.resumable.tus.store;

import java.io.IOException;
import java.util.List;

/** Capability: the store can enumerate its uploads (expiration sweep, store-size accounting at start). */
public interface Lister {

  /** The IDs of every upload the store holds, in no particular order. */
  List<String> listIds() throws IOException;
}
