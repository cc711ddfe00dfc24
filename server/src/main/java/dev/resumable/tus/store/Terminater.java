package dev.resumable.tus.store;

import java.io.IOException;

/** Capability: the store can delete an upload and everything it keeps for it (tus termination). */
public interface Terminater {

  /** Deletes the upload's data and description. Deleting an unknown upload throws {@link UploadNotFoundException}. */
  void terminate(String id) throws IOException;
}
