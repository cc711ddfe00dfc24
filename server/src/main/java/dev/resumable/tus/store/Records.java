package dev.resumable.tus.store;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Small named records of one kind kept in a store beside its uploads (see {@link RecordKeeper}), for state that must
 * outlive a process and be visible to every replica sharing the store: the post-finish outbox. Records are not locked
 * here; callers that need one writer at a time lock the record's name.
 *
 * <p>Names are upload IDs: URL-safe characters ({@code A-Z a-z 0-9 . _ ~ + -}), no leading dot, no {@code ..};
 * implementations refuse others with {@link IllegalArgumentException}.
 */
public interface Records {

  /** Writes or replaces a record durably and atomically: a reader sees the old content or the new, never a mix. */
  void put(String name, byte[] content) throws IOException;

  /** The record's content, or empty when there is none. */
  Optional<byte[]> get(String name) throws IOException;

  /** Deletes a record; one that is already gone is fine. */
  void delete(String name) throws IOException;

  /** The names of every record of this kind, in no particular order. */
  List<String> names() throws IOException;

  /** Where the records are, for logs (no credentials). */
  String describe();

  /** Whether {@code name} is acceptable as a record name. */
  static boolean isSafeName(String name) {
    return name != null && name.matches("[A-Za-z0-9_~+-][A-Za-z0-9._~+-]{0,1300}") && !name.contains("..");
  }
}
