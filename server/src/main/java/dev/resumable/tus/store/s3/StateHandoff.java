package dev.resumable.tus.store.s3;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Passes the state the caller's last read found on to the write that follows it, so {@code open} need not read S3
 * again. The store's contract says the caller of {@code open} holds the upload's lock and found the state under it;
 * the state handed over is the one from the read that <em>started</em> last for that upload, which is then at least
 * as recent as the caller's read under the lock (a read that started earlier, for a HEAD say, never replaces it).
 *
 * <p>Nothing is trusted beyond that: a state serves one write at most (it is taken, not copied), only when its offset
 * is the one the caller found, and only for a short while; a write never leaves its state behind, so the next write
 * needs a new read under its own lock. Bounded: the oldest entries go first.
 */
final class StateHandoff {
  private static final int MAX_ENTRIES = 1024;
  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final AtomicLong reads = new AtomicLong();
  private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /** A state and the order in which the read that found it started. */
  record Entry(UploadState state, long read, long loadedNanos) { }

  /** Numbers a read before it starts: later reads get higher numbers. */
  long beginRead() {
    return reads.incrementAndGet();
  }

  /** Offers what read number {@code read} found; kept unless a read that started later already left its state. */
  void offer(String id, UploadState state, long read) {
    synchronized (entries) {
      Entry current = entries.get(id);
      if (current == null || current.read() < read) {
        entries.put(id, new Entry(state, read, System.nanoTime()));
      }
    }
  }

  /** Takes the state for a write at {@code offset}: empty when none is recent enough or it names another offset. */
  Optional<Entry> take(String id, long offset) {
    Entry entry;
    synchronized (entries) {
      entry = entries.remove(id);
    }
    if (entry == null || entry.state().offset() != offset
        || System.nanoTime() - entry.loadedNanos() > MAX_AGE_NANOS) {
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  /** Takes the state for a change that does not name an offset (a declared length): empty when none is recent. */
  Optional<Entry> take(String id) {
    Entry entry;
    synchronized (entries) {
      entry = entries.remove(id);
    }
    if (entry == null || System.nanoTime() - entry.loadedNanos() > MAX_AGE_NANOS) {
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  /** Forgets the upload (a write or termination changed it). */
  void forget(String id) {
    synchronized (entries) {
      entries.remove(id);
    }
  }
}
