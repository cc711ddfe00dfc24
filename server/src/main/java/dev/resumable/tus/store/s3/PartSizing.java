package dev.resumable.tus.store.s3;

/**
 * Part sizes. The preferred size is used while the upload fits in {@code maxParts} parts, else
 * {@code ceil(size / maxParts)} (tusd's rule). On top of it, a part is only committed when the bytes still to come
 * fit in the part numbers left: a part starting at {@code start} with number {@code n} must hold at least
 * {@code ceil((size - start) / (maxParts - n + 1))} bytes. Smaller tails wait in the {@code .part} object. This keeps
 * the average size needed per remaining part from ever growing, so many small resumes never need part 10,001.
 */
final class PartSizing {
  /** S3's largest part. */
  static final long MAX_PART_SIZE = 5L << 30;
  /** S3's largest object. */
  static final long MAX_OBJECT_SIZE = 5L << 40;
  /** S3's largest part number. */
  static final int MAX_PARTS = 10_000;

  private final long preferred;
  private final long min;
  private final int maxParts;
  private final boolean equal;

  PartSizing(long preferred, long min, int maxParts, boolean equal) {
    if (min <= 0 || preferred < min || preferred > MAX_PART_SIZE) {
      throw new IllegalArgumentException("part sizes must satisfy 0 < min-part-size (" + min
          + ") <= part-size (" + preferred + ") <= 5 GiB");
    }
    this.preferred = preferred;
    this.min = min;
    this.maxParts = maxParts;
    this.equal = equal;
  }

  long preferred() {
    return preferred;
  }

  long min() {
    return min;
  }

  int maxParts() {
    return maxParts;
  }

  boolean equal() {
    return equal;
  }

  /** tusd's optimal part size for an upload of {@code size} bytes (the preferred one for a deferred length). */
  long optimal(long size) {
    if (size <= preferred * maxParts) {
      return preferred;
    }
    long optimal = size % maxParts == 0 ? size / maxParts : size / maxParts + 1;
    return Math.min(optimal, MAX_PART_SIZE);
  }

  /** The fewest bytes part {@code number} starting at {@code start} must hold so that the rest fits. */
  long needed(long size, long start, int number) {
    long remaining = Math.max(0, size - start);
    long slots = Math.max(1, maxParts - number + 1);
    return (remaining + slots - 1) / slots;
  }

  /**
   * Where to cut a full part: the optimal size, or more when earlier parts (tusd's, or too many small ones) left
   * too few part numbers. {@code size} is negative for a deferred length.
   */
  long cut(long size, long start, int number) {
    if (size < 0) {
      return preferred;
    }
    if (equal) {
      return optimal(size);
    }
    return Math.min(MAX_PART_SIZE, Math.max(optimal(size), needed(size, start, number)));
  }

  /**
   * Whether {@code bytes} ending a chunk may become part {@code number} rather than wait in the tail object.
   * {@code size} is negative for a deferred length.
   */
  boolean mayCommit(long bytes, long size, long start, int number) {
    if (size >= 0 && start + bytes >= size) {
      return true;
    }
    if (equal || number >= maxParts || bytes < min) {
      return false;
    }
    // a deferred length cannot be spread over the parts left: such pieces wait in the tail until a full part
    return size >= 0 && bytes >= needed(size, start, number);
  }
}
