package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.s3.ConcatPlan.PlannedPart;
import dev.resumable.tus.store.s3.ConcatPlan.Segment;
import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Carries out a {@link ConcatPlan} into the final upload's multipart upload, the parts in parallel on the shared
 * {@link PartUploader}, then completes it. Parts are numbered from 1 every time, so a retry after an interrupted
 * attempt overwrites what that attempt left; completion names exactly the planned parts.
 */
final class Concatenation {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final S3Objects objects;
  private final PartUploader uploader;
  private final Finisher finisher;
  private final Path tempDir;

  Concatenation(S3Objects objects, PartUploader uploader, Finisher finisher, Path tempDir) {
    this.objects = objects;
    this.uploader = uploader;
    this.finisher = finisher;
    this.tempDir = tempDir;
  }

  void run(UploadRef target, List<PlannedPart> plan) throws IOException {
    List<Future<CompletedPart>> futures = new ArrayList<>();
    for (PlannedPart part : plan) {
      futures.add(uploader.submit(() -> CompletedPart.builder().partNumber(part.number())
          .eTag(part.isCopy() ? copy(target, part) : copyThrough(target, part)).build()));
    }
    List<CompletedPart> completed = new ArrayList<>();
    IOException failure = null;
    for (Future<CompletedPart> future : futures) {
      try {
        completed.add(future.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while concatenating", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    finisher.finish(target, completed);
  }

  private String copy(UploadRef target, PlannedPart part) throws IOException {
    Segment segment = part.segments().get(0);
    return objects.copyPart(target, part.number(), segment.key(), segment.start(), segment.length());
  }

  private String copyThrough(UploadRef target, PlannedPart part) throws IOException {
    try (PartFile file = new PartFile(tempDir)) {
      byte[] buffer = new byte[BUFFER_SIZE];
      for (Segment segment : part.segments()) {
        try (InputStream in = objects.read(segment.key(), segment.start(), segment.length())) {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            file.append(ByteBuffer.wrap(buffer, 0, n));
          }
        }
      }
      file.seal();
      return objects.uploadPart(target, part.number(), file.path());
    }
  }
}
