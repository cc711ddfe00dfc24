package dev.resumable.tus.store.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * How the parts of a final upload are made from its partials' objects. A part lying in one partial and large
 * enough is copied by S3 itself (UploadPartCopy with a byte range); a part that joins pieces of several small
 * partials is copied through this server. Without equal parts, every part but the last holds at least
 * {@code max(min part size, ceil(total / max parts))} bytes; with equal parts (R2) every part but the last holds
 * exactly the optimal part size.
 */
final class ConcatPlan {
  /** A byte range of a source object. */
  record Segment(String key, long start, long length) { }

  /** One part of the final upload. */
  record PlannedPart(int number, List<Segment> segments) {
    long length() {
      return segments.stream().mapToLong(Segment::length).sum();
    }

    /** True when S3 can copy the part itself. */
    boolean isCopy() {
      return segments.size() == 1;
    }
  }

  /** A finished partial: its object key and length. */
  record Source(String key, long size) { }

  private ConcatPlan() {
  }

  static List<PlannedPart> plan(List<Source> sources, PartSizing sizing) {
    long total = sources.stream().mapToLong(Source::size).sum();
    return sizing.equal() ? equalParts(sources, sizing.optimal(total)) : largeParts(sources, sizing, total);
  }

  private static List<PlannedPart> equalParts(List<Source> sources, long partSize) {
    PartAccumulator parts = new PartAccumulator();
    for (Source source : sources) {
      long pos = 0;
      while (pos < source.size()) {
        pos += parts.fill(source, pos, partSize);
      }
    }
    return parts.finish();
  }

  private static List<PlannedPart> largeParts(List<Source> sources, PartSizing sizing, long total) {
    long target = Math.max(sizing.min(), (total + sizing.maxParts() - 1) / sizing.maxParts());
    PartAccumulator parts = new PartAccumulator();
    for (Source source : sources) {
      long pos = 0;
      while (pos < source.size()) {
        long remaining = source.size() - pos;
        if (parts.isBetweenParts() && remaining >= target) {
          long take = remaining <= PartSizing.MAX_PART_SIZE ? remaining
              : Math.min(PartSizing.MAX_PART_SIZE, remaining - target);
          parts.whole(new Segment(source.key(), pos, take));
          pos += take;
        } else {
          pos += parts.fill(source, pos, target);
        }
      }
    }
    return parts.finish();
  }

  /** Collects byte ranges of the sources into parts, numbered in order. */
  private static final class PartAccumulator {
    private final List<PlannedPart> parts = new ArrayList<>();
    private List<Segment> current = new ArrayList<>();
    private long currentLength;

    /** Adds from {@code source} at {@code pos} what fits the current part of {@code target} bytes; returns it. */
    long fill(Source source, long pos, long target) {
      long take = Math.min(source.size() - pos, target - currentLength);
      current.add(new Segment(source.key(), pos, take));
      currentLength += take;
      if (currentLength == target) {
        close();
      }
      return take;
    }

    /** True when no part is being filled. */
    boolean isBetweenParts() {
      return currentLength == 0;
    }

    /** Adds one range as a part of its own. */
    void whole(Segment segment) {
      parts.add(new PlannedPart(parts.size() + 1, List.of(segment)));
    }

    List<PlannedPart> finish() {
      close();
      return parts;
    }

    private void close() {
      if (currentLength > 0) {
        parts.add(new PlannedPart(parts.size() + 1, current));
        current = new ArrayList<>();
        currentLength = 0;
      }
    }
  }
}
