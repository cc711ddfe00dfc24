package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import dev.resumable.tus.store.s3.S3Objects.Head;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The durable state of one upload as read from S3: the {@code .info} object, the listed parts and the {@code .part}
 * tail. The offset is the byte count of the parts numbered 1, 2, 3, … without a gap (parts beyond a gap, left by a
 * part upload that failed while later ones succeeded, do not count and are emptied before the next write) plus the
 * tail, unless the tail is stale: its {@code tus-next-part} metadata names a part that now exists, because a write
 * folded the tail into that part and stopped before deleting it.
 */
final class UploadState {
  private final UploadRef ref;
  private final UploadInfo info;
  private final List<Part> parts;
  private final List<Integer> orphans;
  private final long partsBytes;
  private final int nextPart;
  private final long tailSize;
  private final boolean tailExists;
  private final boolean completed;
  private final Instant lastModified;
  private final String infoETag;
  private final Optional<Head> tail;
  private final List<Part> listed;

  /**
   * The state of an upload from what S3 holds: its description ({@code .info}, with the ETag it was read with), the
   * listed parts, the tail object if any (with its user metadata when parts exist, since only then can it be stale),
   * and whether the multipart upload was completed.
   */
  UploadState(UploadRef ref, UploadInfo info, String infoETag, List<Part> listed, Optional<Head> tail,
      boolean completed, Instant lastModified) {
    this.ref = ref;
    this.completed = completed;
    this.infoETag = infoETag;
    this.tail = tail;
    this.listed = List.copyOf(listed);
    List<Part> sorted = new ArrayList<>(listed);
    sorted.sort(Comparator.comparing(Part::partNumber));
    int expected = 1;
    int lastNonEmpty = 0;
    for (Part part : sorted) {
      if (part.partNumber() != expected || part.size() == 0) {
        // a gap or an emptied orphan ends the durable run: nothing after it may count
        break;
      }
      expected++;
      if (part.size() > 0) {
        lastNonEmpty = part.partNumber();
      }
    }
    List<Part> kept = new ArrayList<>();
    List<Integer> stray = new ArrayList<>();
    long bytes = 0;
    for (Part part : sorted) {
      if (part.partNumber() <= lastNonEmpty) {
        kept.add(part);
        bytes += part.size();
      } else if (part.size() > 0) {
        stray.add(part.partNumber());
      }
    }
    this.parts = List.copyOf(kept);
    this.orphans = List.copyOf(stray);
    this.partsBytes = bytes;
    this.nextPart = lastNonEmpty + 1;
    this.tailExists = tail.isPresent();
    this.tailSize = tail.filter(this::isCurrent).map(Head::size).orElse(0L);
    Instant modified = lastModified;
    for (Part part : kept) {
      modified = later(modified, part.lastModified());
    }
    if (tail.isPresent()) {
      modified = later(modified, tail.get().lastModified());
    }
    this.lastModified = modified;
    long offset = completed ? info.size() : partsBytes + tailSize;
    this.info = info.withOffset(offset).withLastModified(modified);
  }

  private boolean isCurrent(Head tail) {
    String next = tail.metadata().get(S3Objects.NEXT_PART_METADATA);
    if (next == null) {
      return true;
    }
    try {
      return Integer.parseInt(next) == nextPart;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }

  UploadRef ref() {
    return ref;
  }

  /** The description with offset and last-modified time filled in. */
  UploadInfo info() {
    return info;
  }

  /** The declared length, or -1 while deferred. */
  long size() {
    return info.sizeIsDeferred() ? -1 : info.size();
  }

  long offset() {
    return info.offset();
  }

  /** The parts that count, in order. */
  List<Part> parts() {
    return parts;
  }

  /** Numbers of non-empty parts beyond a gap: to be emptied before new parts are uploaded. */
  List<Integer> orphans() {
    return orphans;
  }

  long partsBytes() {
    return partsBytes;
  }

  /** The number the next part gets. */
  int nextPart() {
    return nextPart;
  }

  /** Bytes of the tail object that count (0 when absent or stale). */
  long tailSize() {
    return tailSize;
  }

  /** Whether a tail object exists, current or stale. */
  boolean tailExists() {
    return tailExists;
  }

  /** The ETag the {@code .info} object had when read (for a conditional rewrite); null when unknown. */
  String infoETag() {
    return infoETag;
  }

  /** The tail object as listed or read, current or stale. */
  Optional<Head> tail() {
    return tail;
  }

  /** This state after the description was rewritten (a declared length): same parts and tail. */
  UploadState withInfo(UploadInfo described, String eTag) {
    return new UploadState(ref, described, eTag, listed, tail, completed, lastModified);
  }

  /** Whether the multipart upload was completed into the object. */
  boolean completed() {
    return completed;
  }
}
