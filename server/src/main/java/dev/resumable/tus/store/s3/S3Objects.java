package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 requests the store makes, on one bucket, with SDK failures turned into {@link IOException}s (so a transient
 * S3 error answers 500 and the client retries) and "not found" turned into empty results.
 *
 * <p>Writes of the {@code .info} and {@code .part} objects can carry a {@link Precondition} (PutObject with
 * {@code If-Match} / {@code If-None-Match}, which AWS S3 honours since 2024): a write that does not meet it fails with
 * {@link PreconditionFailedException} and changes nothing. A service that answers such a write with 501 Not
 * Implemented is remembered as one without conditional writes; from then on the store writes unconditionally and
 * relies on its lock alone (logged once).
 */
final class S3Objects {
  private static final Logger LOG = LoggerFactory.getLogger(S3Objects.class);
  /** Metadata key of the tail object: the part number its bytes will become (absent on tusd's tails). */
  static final String NEXT_PART_METADATA = "tus-next-part";

  private final S3Client client;
  private final String bucket;
  private final S3Keys keys;
  /** False once the service refused a conditional write as not implemented. */
  private volatile boolean conditionalWrites = true;

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

  /** An object's bytes, modification time and ETag. */
  record Stored(byte[] bytes, Instant lastModified, String eTag) { }

  /** An object's size, modification time, user metadata (empty when not read) and ETag. */
  record Head(long size, Instant lastModified, Map<String, String> metadata, String eTag) {
    /** The same object with its user metadata. */
    Head withMetadata(Map<String, String> value) {
      return new Head(size, lastModified, value, eTag);
    }
  }

  /** An object as a listing shows it: key, size, modification time, ETag (no user metadata). */
  record Listed(String key, long size, Instant lastModified, String eTag) {
    Head head() {
      return new Head(size, lastModified, Map.of(), eTag);
    }
  }

  /**
   * A condition on a write: {@code ifMatch} an ETag (the object must still be the one last seen) or
   * {@code ifNoneMatch} {@code *} (the object must not exist); {@link #NONE} for none.
   */
  record Precondition(String ifMatch, String ifNoneMatch) {
    static final Precondition NONE = new Precondition(null, null);

    /** The object must not exist. */
    static Precondition absent() {
      return new Precondition(null, "*");
    }

    /** The object must still have {@code eTag}; none when the ETag is unknown. */
    static Precondition matching(String eTag) {
      return eTag == null ? NONE : new Precondition(eTag, null);
    }

    /** The object must be as last seen: {@code eTag}, or absent when it was not there. */
    static Precondition asSeen(Optional<Head> seen) {
      return seen.isPresent() ? matching(seen.get().eTag()) : absent();
    }

    boolean isNone() {
      return ifMatch == null && ifNoneMatch == null;
    }

    PutObjectRequest.Builder apply(PutObjectRequest.Builder builder) {
      return builder.ifMatch(ifMatch).ifNoneMatch(ifNoneMatch);
    }
  }

  /** Whether two ETags name the same content (services differ in quoting them). */
  static boolean sameETag(String a, String b) {
    return a != null && b != null && unquoted(a).equals(unquoted(b));
  }

  private static String unquoted(String eTag) {
    String value = eTag.startsWith("W/") ? eTag.substring(2) : eTag;
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }

  /** Whether conditional writes are in use (the service did not refuse them). */
  boolean conditionalWrites() {
    return conditionalWrites;
  }

  void headBucket() throws IOException {
    call("HeadBucket", () -> client.headBucket(b -> b.bucket(bucket)));
  }

  Optional<Stored> getInfo(String objectId) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          client.getObject(b -> b.bucket(bucket).key(keys.info(objectId)), ResponseTransformer.toBytes());
      return Optional.of(new Stored(bytes.asByteArray(), bytes.response().lastModified(),
          bytes.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      if (isNotFound(e)) {
        return Optional.empty();
      }
      throw failure("GetObject .info", e);
    }
  }

  /** Writes the {@code .info} object if {@code condition} holds; returns its new ETag. */
  String putInfo(String objectId, byte[] json, Precondition condition) throws IOException {
    return put("PutObject .info", condition, c -> client.putObject(c.apply(PutObjectRequest.builder().bucket(bucket)
        .key(keys.info(objectId)).contentType("application/json")).build(), RequestBody.fromBytes(json)).eTag());
  }

  /**
   * Runs a conditional PutObject: {@link PreconditionFailedException} when the condition does not hold (412, or 404
   * for an If-Match on a key that is gone); once without the condition, and never again with one, when the service
   * answers 501 Not Implemented.
   */
  private String put(String operation, Precondition condition, ConditionalPut request) throws IOException {
    Precondition effective = conditionalWrites ? condition : Precondition.NONE;
    try {
      return request.run(effective);
    } catch (S3Exception e) {
      if (!effective.isNone() && (e.statusCode() == 412 || (e.statusCode() == 404 && effective.ifMatch() != null))) {
        throw new PreconditionFailedException("S3 " + operation + ": the object changed since it was read ("
            + e.statusCode() + ")", e);
      }
      if (!effective.isNone() && (e.statusCode() == 501 || "NotImplemented".equals(errorCode(e)))) {
        conditionalWrites = false;
        LOG.warn("the S3 service does not support conditional writes (If-Match / If-None-Match on PutObject): "
            + "a process that lost its lock is stopped by the lock alone");
        return call(operation, () -> request.run(Precondition.NONE));
      }
      throw failure(operation, e);
    } catch (SdkException e) {
      throw failure(operation, e);
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /** A PutObject with a precondition. */
  @FunctionalInterface
  private interface ConditionalPut {
    String run(Precondition condition);
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
      return Optional.of(new Head(head.contentLength(), head.lastModified(), head.metadata(), head.eTag()));
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

  /** Writes the tail object if {@code condition} holds; returns its new ETag. */
  String putTail(String objectId, Path file, int nextPart, Precondition condition) throws IOException {
    return put("PutObject .part", condition, c -> client.putObject(c.apply(PutObjectRequest.builder()
        .bucket(bucket).key(keys.tail(objectId)).metadata(Map.of(NEXT_PART_METADATA, Integer.toString(nextPart))))
        .build(), RequestBody.fromFile(file)).eTag());
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

  /**
   * The objects whose keys start with {@code keyPrefix}, in key order, up to the first page that reaches past
   * {@code lastKey} (keys after it are not wanted; usually one request).
   */
  List<Listed> listFrom(String keyPrefix, String lastKey) throws IOException {
    return call("ListObjectsV2", () -> {
      List<Listed> found = new ArrayList<>();
      String token = null;
      while (true) {
        String from = token;
        ListObjectsV2Response page = client.listObjectsV2(b -> b.bucket(bucket).prefix(keyPrefix)
            .continuationToken(from));
        for (S3Object object : page.contents()) {
          found.add(new Listed(object.key(), object.size(), object.lastModified(), object.eTag()));
        }
        boolean past = !page.contents().isEmpty()
            && page.contents().get(page.contents().size() - 1).key().compareTo(lastKey) >= 0;
        if (past || !Boolean.TRUE.equals(page.isTruncated()) || page.nextContinuationToken() == null) {
          return found;
        }
        token = page.nextContinuationToken();
      }
    });
  }

  /** Every object under the store's prefix (one request per 1,000 objects). */
  List<Listed> listAll() throws IOException {
    return call("ListObjectsV2", () -> {
      List<Listed> found = new ArrayList<>();
      for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keys.prefix())).contents()) {
        found.add(new Listed(object.key(), object.size(), object.lastModified(), object.eTag()));
      }
      return found;
    });
  }

  /** The multipart uploads in progress under the store's prefix: object key to upload IDs (one request per 1,000). */
  Map<String, List<String>> listMultipartUploads() throws IOException {
    return call("ListMultipartUploads", () -> {
      Map<String, List<String>> found = new LinkedHashMap<>();
      String keyMarker = null;
      String idMarker = null;
      while (true) {
        String key = keyMarker;
        String id = idMarker;
        ListMultipartUploadsResponse page = client.listMultipartUploads(b -> b.bucket(bucket).prefix(keys.prefix())
            .keyMarker(key).uploadIdMarker(id));
        for (MultipartUpload upload : page.uploads()) {
          found.computeIfAbsent(upload.key(), k -> new ArrayList<>()).add(upload.uploadId());
        }
        if (!Boolean.TRUE.equals(page.isTruncated()) || page.uploads().isEmpty()) {
          return found;
        }
        keyMarker = page.nextKeyMarker();
        idMarker = page.nextUploadIdMarker();
      }
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

  /** A conditional write found the object changed (or gone) since it was read: nothing was written. */
  static final class PreconditionFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    PreconditionFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** An object the store expected is not in the bucket. */
  static final class MissingObjectException extends IOException {
    private static final long serialVersionUID = 1L;

    MissingObjectException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
