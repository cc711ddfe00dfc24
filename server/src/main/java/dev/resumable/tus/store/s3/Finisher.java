package dev.resumable.tus.store.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Completes the multipart upload of an upload that holds all its bytes: a tail still in the {@code .part} object
 * becomes the last part (server-side copy), an empty upload gets one empty part (S3 wants at least one), then
 * CompleteMultipartUpload names exactly the parts that count and the tail object is deleted.
 */
final class Finisher {
  private final S3Objects objects;

  Finisher(S3Objects objects) {
    this.objects = objects;
  }

  /** Completes {@code state}'s upload; a no-op when it already is. */
  void finish(UploadState state) throws IOException {
    if (state.completed()) {
      return;
    }
    if (state.size() < 0 || state.offset() != state.size()) {
      throw new IOException("upload " + state.ref().id() + " holds " + state.offset() + " of " + state.size()
          + " bytes and cannot be completed");
    }
    List<CompletedPart> completed = new ArrayList<>();
    for (Part part : state.parts()) {
      if (part.size() > 0) {
        completed.add(CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build());
      }
    }
    String tailKey = objects.keys().tail(state.ref().objectId());
    if (state.tailSize() > 0) {
      String etag = objects.copyPart(state.ref(), state.nextPart(), tailKey, 0, state.tailSize());
      completed.add(CompletedPart.builder().partNumber(state.nextPart()).eTag(etag).build());
    }
    if (completed.isEmpty()) {
      String etag = objects.uploadEmptyPart(state.ref(), 1);
      completed.add(CompletedPart.builder().partNumber(1).eTag(etag).build());
    }
    objects.complete(state.ref(), completed);
    if (state.tailExists()) {
      objects.delete(tailKey);
    }
  }

  /** Completes with the given parts (concatenation, which knows its ETags). */
  void finish(S3Keys.UploadRef ref, List<CompletedPart> parts) throws IOException {
    List<CompletedPart> completed = parts;
    if (completed.isEmpty()) {
      String etag = objects.uploadEmptyPart(ref, 1);
      completed = List.of(CompletedPart.builder().partNumber(1).eTag(etag).build());
    }
    objects.complete(ref, completed);
  }
}
