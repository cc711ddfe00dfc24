package dev.resumable.tus.store.s3;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of small tails this process wrote, so the next PATCH of the same upload on this process need not download
 * the {@code .part} object it appends to. An entry is used only when the tail S3 lists now (read under the upload's
 * lock) has the ETag this process got back when it wrote those bytes: an ETag names the object's content, so a tail
 * written since by anyone else is never mistaken for the cached one. Bounded: entries of at most
 * {@link #MAX_ENTRY_BYTES}, {@link #MAX_TOTAL_BYTES} in all, least recently used evicted first.
 */
final class TailCache {
  /** Tails larger than this are downloaded when needed. */
  static final int MAX_ENTRY_BYTES = 256 << 10;
  /** Heap the cache may hold at most. */
  static final long MAX_TOTAL_BYTES = 16L << 20;

  private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long total;

  private record Entry(String eTag, byte[] bytes) { }

  /** Remembers the tail of {@code objectId} this process wrote (ignored when larger than an entry may be). */
  synchronized void put(String objectId, String eTag, byte[] bytes) {
    remove(objectId);
    if (eTag == null || bytes.length > MAX_ENTRY_BYTES) {
      return;
    }
    entries.put(objectId, new Entry(eTag, bytes));
    total += bytes.length;
    Iterator<Entry> eldest = entries.values().iterator();
    while (total > MAX_TOTAL_BYTES && eldest.hasNext()) {
      total -= eldest.next().bytes().length;
      eldest.remove();
    }
  }

  /** The bytes of the tail of {@code objectId} whose ETag is {@code eTag}, if this process wrote exactly that. */
  synchronized Optional<byte[]> get(String objectId, String eTag) {
    Entry entry = entries.get(objectId);
    if (entry == null || !S3Objects.sameETag(entry.eTag(), eTag)) {
      return Optional.empty();
    }
    return Optional.of(entry.bytes());
  }

  /** Forgets the tail of {@code objectId} (deleted, folded into a part, or the upload terminated). */
  synchronized void remove(String objectId) {
    Entry removed = entries.remove(objectId);
    if (removed != null) {
      total -= removed.bytes().length;
    }
  }
}
