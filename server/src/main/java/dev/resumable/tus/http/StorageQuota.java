package dev.resumable.tus.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code -store-size} limit: the total of declared upload lengths the store may hold. Creations (and length
 * declarations) reserve their bytes before anything is written, so a full store refuses an upload up front instead of
 * leaving it half written; terminations and expirations give the bytes back.
 *
 * <p>Counted per process: the store's uploads when the handler is built, then this process's own creations and
 * deletions. Replicas sharing a store do not see each other's later uploads, so together they may exceed the limit:
 * the command line refuses {@code -store-size} with a distributed locker (redis, etcd), the sign of several replicas,
 * and so does the operator. Processes sharing one directory through the file locker are not refused (one process is
 * the common case there) and may together exceed the limit.
 */
final class StorageQuota {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  /** {@code limit} 0 means unlimited. */
  StorageQuota(long limit) {
    this.limit = limit;
  }

  boolean isLimited() {
    return limit > 0;
  }

  long limit() {
    return limit;
  }

  long used() {
    return used.get();
  }

  /** Reserves {@code bytes}; false (nothing reserved) when that would exceed the limit. */
  boolean tryReserve(long bytes) {
    if (limit <= 0) {
      return true;
    }
    while (true) {
      long current = used.get();
      if (bytes > limit - current) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  void reserve(long bytes) {
    if (!tryReserve(bytes)) {
      throw TusException.tooLarge("the store is full: " + bytes + " more bytes would exceed its size limit of "
          + limit + " bytes");
    }
  }

  /** Counts bytes already stored (at start-up), even beyond the limit. */
  void account(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    if (limit > 0) {
      used.addAndGet(-bytes);
    }
  }
}
