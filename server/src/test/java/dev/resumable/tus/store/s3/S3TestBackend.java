package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.testing.StoredUploads;
import dev.resumable.tus.testing.TestBackend;
import dev.resumable.tus.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Runs a test class's {@link TestServer}s on the S3 store over the shared S3Proxy: register it with
 * {@code @ExtendWith(S3TestBackend.class)} on a subclass of a protocol test. Each test directory gets its own bucket
 * (the same one when a test restarts its server on the same directory).
 */
public final class S3TestBackend implements TestBackend, BeforeEachCallback, AfterEachCallback {
  private static final Map<Path, String> BUCKETS = new ConcurrentHashMap<>();
  private static final String PREFIX = "uploads/";

  @Override
  public void beforeEach(ExtensionContext context) {
    TestServer.use(this);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestServer.use(TestBackend.FILE);
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

  private static String objectIdOf(String upload) {
    String id = StoredUploads.idOf(upload);
    int plus = id.indexOf('+');
    return plus < 0 ? id : id.substring(0, plus);
  }
}
