package dev.resumable.tus.store.s3;

import ch.qos.logback.classic.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 implementation for tests: S3Proxy in-process on a loopback port, backed by a directory (so multi-GiB
 * uploads do not live on the heap). One instance per JVM is enough; tests use a fresh bucket each.
 */
public final class LocalS3 {
  /** Access key S3Proxy accepts. */
  public static final String ACCESS_KEY = "tus-test";
  /** Secret key S3Proxy accepts. */
  public static final String SECRET_KEY = "tus-test-secret";
  private static LocalS3 shared;

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private LocalS3(Path dir) throws Exception {
    for (String name : new String[] {"org.gaul", "org.eclipse.jetty", "org.gaul.shaded", "org.jclouds"}) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
    }
    proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(dir.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    client = S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** The S3Proxy of this JVM, started on first use; it lives until the JVM exits. */
  public static synchronized LocalS3 shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("s3proxy-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "s3proxy-cleanup"));
        shared = new LocalS3(dir);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start S3Proxy", e);
      }
    }
    return shared;
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // best effort at exit
    }
  }

  /** The endpoint URL, e.g. {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  /** A raw SDK client on this S3Proxy, for assertions. */
  public S3Client client() {
    return client;
  }

  /** Creates a fresh, empty bucket and returns its name. */
  public String newBucket() {
    String name = "tus-" + UUID.randomUUID().toString().substring(0, 18);
    client.createBucket(b -> b.bucket(name));
    return name;
  }

  /** The keys of every object in the bucket. */
  public List<String> keys(String bucket) {
    List<String> keys = new ArrayList<>();
    for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      keys.add(object.key());
    }
    return keys;
  }

  /** The number of multipart uploads in progress in the bucket. */
  public int multipartUploads(String bucket) {
    return client.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
  }

  /** A store on this S3Proxy in {@code bucket} with test-friendly settings changed by {@code settings}. */
  public S3Store store(String bucket, java.util.function.Consumer<S3StoreBuilder> settings) {
    S3StoreBuilder builder = S3Store.builder()
        .bucket(bucket)
        .endpoint(endpoint)
        .region("us-east-1")
        .credentials(ACCESS_KEY, SECRET_KEY);
    settings.accept(builder);
    return builder.build();
  }
}
