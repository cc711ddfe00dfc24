package dev.resumable.tus.store.azure;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all Azure chunk writers together may hold in block buffers. A writer that cannot reserve more stages
 * the block it has (a smaller block) instead of waiting, so the budget can never deadlock writers; each writer may
 * always hold its first {@link #MIN_BUFFER} bytes.
 */
final class BlockBudget {
  /** The smallest buffer a writer starts with. */
  static final int MIN_BUFFER = 64 * 1024;

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  BlockBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves {@code bytes} if the budget has them. */
  boolean tryReserve(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  /** Reserves {@code bytes} even past the limit (a writer's first buffer). */
  void reserve(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes reserved now (metrics, tests). */
  long used() {
    return used.get();
  }
}
