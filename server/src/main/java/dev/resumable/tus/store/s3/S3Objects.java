package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 requests the store makes, on one bucket, with SDK failures turned into {@link IOException}s (so a transient
 * S3 error answers 500 and the client retries) and "not found" turned into empty results.
 */
final class S3Objects {
  /** Metadata key of the tail object: the part number its bytes will become (absent on tusd's tails). */
  static final String NEXT_PART_METADATA = "tus-next-part";

  private final S3Client client;
  private final String bucket;
  private final S3Keys keys;

  S3Objects(S3Client client, String bucket, S3Keys keys) {
    this.client = client;
    this.bucket = bucket;
    this.keys = keys;
  }

  String bucket() {
    return bucket;
  }

  S3Keys keys() {
    return keys;
  }

  /** An object's bytes and modification time. */
  record Stored(byte[] bytes, Instant lastModified) { }

  /** An object's size, modification time and user metadata. */
  record Head(long size, Instant lastModified, Map<String, String> metadata) { }

  void headBucket() throws IOException {
    call("HeadBucket", () -> client.headBucket(b -> b.bucket(bucket)));
  }

  Optional<Stored> getInfo(String objectId) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          client.getObject(b -> b.bucket(bucket).key(keys.info(objectId)), ResponseTransformer.toBytes());
      return Optional.of(new Stored(bytes.asByteArray(), bytes.response().lastModified()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("GetObject .info", e);
    }
  }

  void putInfo(String objectId, byte[] json) throws IOException {
    call("PutObject .info", () -> client.putObject(b -> b.bucket(bucket).key(keys.info(objectId))
        .contentType("application/json"), RequestBody.fromBytes(json)));
  }

  String createMultipartUpload(String objectId, Map<String, String> metadata) throws IOException {
    return call("CreateMultipartUpload", () -> client.createMultipartUpload(b -> b.bucket(bucket)
        .key(keys.object(objectId)).metadata(metadata)).uploadId());
  }

  /** Every part of the multipart upload, or empty when S3 no longer knows it (completed or aborted). */
  Optional<List<Part>> listParts(UploadRef ref) throws IOException {
    List<Part> parts = new ArrayList<>();
    Integer marker = null;
    try {
      while (true) {
        Integer from = marker;
        ListPartsResponse page = client.listParts(b -> b.bucket(bucket).key(keys.object(ref.objectId()))
            .uploadId(ref.multipartId()).partNumberMarker(from));
        parts.addAll(page.parts());
        if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null
            || page.parts().isEmpty()) {
          return Optional.of(parts);
        }
        marker = page.nextPartNumberMarker();
      }
    } catch (NoSuchUploadException | NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("ListParts", e);
    }
  }

  Optional<Head> head(String key) throws IOException {
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(bucket).key(key));
      return Optional.of(new Head(head.contentLength(), head.lastModified(), head.metadata()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("HeadObject", e);
    }
  }

  String uploadPart(UploadRef ref, int number, Path file) throws IOException {
    return call("UploadPart", () -> client.uploadPart(b -> b.bucket(bucket).key(keys.object(ref.objectId()))
        .uploadId(ref.multipartId()).partNumber(number), RequestBody.fromFile(file)).eTag());
  }

  String uploadEmptyPart(UploadRef ref, int number) throws IOException {
    return call("UploadPart", () -> client.uploadPart(b -> b.bucket(bucket).key(keys.object(ref.objectId()))
        .uploadId(ref.multipartId()).partNumber(number), RequestBody.empty()).eTag());
  }

  /** Copies {@code [start, start + length)} of {@code sourceKey} into part {@code number}. */
  String copyPart(UploadRef ref, int number, String sourceKey, long start, long length) throws IOException {
    return call("UploadPartCopy", () -> client.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(sourceKey)
        .destinationBucket(bucket).destinationKey(keys.object(ref.objectId())).uploadId(ref.multipartId())
        .partNumber(number).copySourceRange("bytes=" + start + "-" + (start + length - 1)))
        .copyPartResult().eTag());
  }

  void complete(UploadRef ref, List<CompletedPart> parts) throws IOException {
    call("CompleteMultipartUpload", () -> client.completeMultipartUpload(b -> b.bucket(bucket)
        .key(keys.object(ref.objectId())).uploadId(ref.multipartId()).multipartUpload(m -> m.parts(parts))));
  }

  void abort(UploadRef ref) throws IOException {
    try {
      client.abortMultipartUpload(b -> b.bucket(bucket).key(keys.object(ref.objectId()))
          .uploadId(ref.multipartId()));
    } catch (NoSuchUploadException e) {
      // already completed or aborted
    } catch (SdkException e) {
      if (!isNotFound(e)) {
        throw failure("AbortMultipartUpload", e);
      }
    }
  }

  void putTail(String objectId, Path file, int nextPart) throws IOException {
    call("PutObject .part", () -> client.putObject(b -> b.bucket(bucket).key(keys.tail(objectId))
        .metadata(Map.of(NEXT_PART_METADATA, Integer.toString(nextPart))), RequestBody.fromFile(file)));
  }

  void downloadTail(String objectId, Path file) throws IOException {
    call("GetObject .part", () -> client.getObject(b -> b.bucket(bucket).key(keys.tail(objectId)),
        ResponseTransformer.toFile(file)));
  }

  /** A stream of {@code length} bytes of {@code key} from {@code start}; throws NoSuchKeyException if absent. */
  InputStream read(String key, long start, long length) throws IOException {
    return call("GetObject", () -> client.getObject(b -> b.bucket(bucket).key(key)
        .range("bytes=" + start + "-" + (start + length - 1))));
  }

  void delete(String key) throws IOException {
    call("DeleteObject", () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  /** The keys of every {@code .info} object under the prefix. */
  List<String> listInfoKeys() throws IOException {
    return call("ListObjectsV2", () -> {
      List<String> found = new ArrayList<>();
      for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keys.prefix())).contents()) {
        if (object.key().endsWith(S3Keys.INFO_SUFFIX)) {
          found.add(object.key());
        }
      }
      return found;
    });
  }

  /** Runs an S3 request, turning SDK failures into IOExceptions naming the operation. */
  static <T> T call(String operation, SdkCall<T> request) throws IOException {
    try {
      return request.run();
    } catch (SdkException e) {
      throw failure(operation, e);
    }
  }

  static IOException failure(String operation, SdkException e) {
    if (e instanceof NoSuchKeyException) {
      return new MissingObjectException("S3 " + operation + " failed: " + e.getMessage(), e);
    }
    return new IOException("S3 " + operation + " failed: " + e.getMessage(), e);
  }

  private static boolean isNotFound(SdkException e) {
    return e instanceof S3Exception && ((S3Exception) e).statusCode() == 404;
  }

  /** An S3 request. */
  @FunctionalInterface
  interface SdkCall<T> {
    T run();
  }

  /** An object the store expected is not in the bucket. */
  static final class MissingObjectException extends IOException {
    private static final long serialVersionUID = 1L;

    MissingObjectException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
