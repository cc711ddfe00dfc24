package dev.resumable.tus.store;

import java.io.IOException;

/** Capability: uploads can be created without a length, declared later (tus creation-defer-length). */
public interface LengthDeferrer {

  /** Records the final length of an upload created with a deferred length. */
  void declareLength(String id, long length) throws IOException;
}
