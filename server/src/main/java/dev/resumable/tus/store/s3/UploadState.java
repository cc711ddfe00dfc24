package dev.resumable.tus.store.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import dev.resumable.tus.store.s3.S3Objects.Head;
import dev.resumable.tus.store.s3.S3Objects.Stored;
import java.io.IOException;
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

  private UploadState(UploadRef ref, UploadInfo info, List<Part> listed, Optional<Head> tail, boolean completed,
      Instant lastModified) {
    this.ref = ref;
    this.completed = completed;
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

  /** Reads the state of {@code ref}; empty when the upload does not exist (or was half terminated). */
  static Optional<UploadState> load(S3Objects objects, ObjectMapper json, UploadRef ref) throws IOException {
    Optional<Stored> stored = objects.getInfo(ref.objectId());
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    UploadInfo info = json.readValue(stored.get().bytes(), UploadInfo.class);
    if (!ref.id().equals(info.id())) {
      return Optional.empty();
    }
    Optional<List<Part>> parts = objects.listParts(ref);
    Optional<Head> tail = objects.head(objects.keys().tail(ref.objectId()));
    boolean completed = false;
    if (parts.isEmpty() || parts.get().isEmpty()) {
      // S3 forgets a completed multipart upload (NoSuchUpload); S3Proxy lists it as empty. The object tells.
      Optional<Head> object = objects.head(objects.keys().object(ref.objectId()));
      if (object.isPresent()) {
        completed = true;
      } else if (parts.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new UploadState(ref, info, parts.orElse(List.of()), tail, completed,
        stored.get().lastModified()));
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

  /** Whether the multipart upload was completed into the object. */
  boolean completed() {
    return completed;
  }
}
