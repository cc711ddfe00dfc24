package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.testing.ObjectStoreBackend;
import dev.resumable.tus.testing.StoredUploads;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The S3 store's fixture, on the shared S3Proxy of the test JVM ({@link LocalS3}). Each test directory gets its own
 * bucket (the same one when a test restarts its server on the same directory), with 5 MiB parts.
 */
public final class S3TestBackend extends ObjectStoreBackend {
  /** The one instance (buckets are kept per directory across instances anyway). */
  public static final S3TestBackend INSTANCE = new S3TestBackend();
  private static final Map<Path, String> BUCKETS = new ConcurrentHashMap<>();
  private static final String PREFIX = "uploads/";

  private S3TestBackend() {
  }

  private static String bucketOf(Path dir) {
    return BUCKETS.computeIfAbsent(dir, d -> LocalS3.shared().newBucket());
  }

  @Override
  public UploadStore open(Path dir) {
    return LocalS3.shared().store(bucketOf(dir), b -> b.objectPrefix(PREFIX).partSize(5 << 20)
        .minPartSize(5 << 20).concurrentPartUploads(4).maxBufferedParts(4).tempDir(dir.resolve(".s3-parts")));
  }

  @Override
  public StoredUploads stored(Path dir) {
    String bucket = bucketOf(dir);
    S3Client client = LocalS3.shared().client();
    return new StoredUploads() {
      @Override
      public byte[] bytes(String upload) {
        String objectId = objectIdOf(upload);
        for (String key : new String[] {PREFIX + objectId, PREFIX + objectId + ".part"}) {
          try {
            return client.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
          } catch (NoSuchKeyException e) {
            // try the next
          }
        }
        return new byte[0];
      }

      /** The completed object's length; while the upload runs, its uploaded parts plus the {@code .part} tail. */
      @Override
      public long size(String upload) {
        String key = PREFIX + objectIdOf(upload);
        try {
          return client.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
          // not completed
        }
        long size = 0;
        for (MultipartUpload running : client.listMultipartUploads(b -> b.bucket(bucket)).uploads()) {
          if (running.key().equals(key)) {
            for (Part part : client.listParts(b -> b.bucket(bucket).key(key).uploadId(running.uploadId())).parts()) {
              size += part.size();
            }
          }
        }
        try {
          size += client.headObject(b -> b.bucket(bucket).key(key + ".part")).contentLength();
        } catch (NoSuchKeyException e) {
          // no tail
        }
        return size;
      }

      @Override
      public boolean exists(String upload) {
        String key = PREFIX + objectIdOf(upload);
        return LocalS3.shared().keys(bucket).stream().anyMatch(k -> k.startsWith(key))
            || client.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().anyMatch(u -> u.key().equals(key));
      }

      @Override
      public long count() {
        return LocalS3.shared().keys(bucket).size() + LocalS3.shared().multipartUploads(bucket);
      }
    };
  }

  /** tusd's {@code <objectId>+<multipart upload ID>}. */
  @Override
  public String idPattern() {
    return "[0-9a-f]{32}\\+[A-Za-z0-9._~-]+";
  }

  @Override
  public CommandLine commandLine(Path dir) {
    return new CommandLine(List.of("-s3-bucket", bucketOf(dir), "-s3-endpoint", LocalS3.shared().endpoint().toString(),
        "-s3-object-prefix", PREFIX, "-s3-part-size", "5MiB", "-s3-min-part-size", "5MiB"),
        Map.of("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY,
            "AWS_REGION", "us-east-1"));
  }

  private static String objectIdOf(String upload) {
    String id = StoredUploads.idOf(upload);
    int plus = id.indexOf('+');
    return plus < 0 ? id : id.substring(0, plus);
  }

  @Override
  public String toString() {
    return "s3";
  }
}
