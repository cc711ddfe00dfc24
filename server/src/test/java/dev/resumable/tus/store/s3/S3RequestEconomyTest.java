package dev.resumable.tus.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.StoredUploads;
import dev.resumable.tus.testing.TestBackend;
import dev.resumable.tus.testing.TestLocker;
import dev.resumable.tus.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many S3 requests each tus request costs, counted by a {@link CountingS3Proxy} between the store and S3Proxy,
 * with the real server spoken to over HTTP. The figures are printed (docs/s3.md's table) and held to the budgets:
 * a small PATCH at most 5 S3 requests, a HEAD at most 3, and an expiration pass that does not read every upload.
 */
class S3RequestEconomyTest {
  private static final int KIB = 1 << 10;

  @TempDir
  Path temp;
  final LocalS3 s3 = LocalS3.shared();
  CountingS3Proxy proxy;
  String bucket;

  @BeforeEach
  void start() throws IOException {
    proxy = new CountingS3Proxy(s3.endpoint());
    bucket = s3.newBucket();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
  }

  private S3Store store() {
    return s3.store(bucket, b -> b.endpoint(proxy.endpoint()).objectPrefix("uploads/").partSize(5 << 20)
        .minPartSize(5 << 20).tempDir(temp));
  }

  /** The S3 store through the counting proxy, for {@link TestServer}; the rest as the S3 fixture has it. */
  private TestBackend backend() {
    TestBackend s3Fixture = S3TestBackend.INSTANCE;
    return new TestBackend() {
      @Override
      public UploadStore open(Path dir) {
        return store();
      }

      @Override
      public StoredUploads stored(Path dir) {
        return s3Fixture.stored(dir);
      }

      @Override
      public String idPattern() {
        return s3Fixture.idPattern();
      }

      @Override
      public boolean durableAsTheyArrive() {
        return s3Fixture.durableAsTheyArrive();
      }

      @Override
      public List<TestLocker> lockers() {
        return s3Fixture.lockers();
      }

      @Override
      public CommandLine commandLine(Path dir) {
        return s3Fixture.commandLine(dir);
      }

      @Override
      public Optional<Path> leaseOf(Path dir, String id) {
        return s3Fixture.leaseOf(dir, id);
      }
    };
  }

  private static byte[] random(int length) {
    byte[] data = new byte[length];
    new Random(length).nextBytes(data);
    return data;
  }

  private RawHttp.Response patch(TestServer server, String path, long offset, byte[] data, int from, int length)
      throws IOException {
    byte[] chunk = java.util.Arrays.copyOfRange(data, from, from + length);
    return server.request("PATCH", path).tus().header("Upload-Offset", offset)
        .header("Content-Type", "application/offset+octet-stream").body(chunk).send();
  }

  /** The requests since the last call, printed under {@code label}. */
  private List<CountingS3Proxy.Request> seen(String label, Map<String, Integer> table) {
    List<CountingS3Proxy.Request> requests = proxy.drain();
    System.out.println(label + ": " + requests.size() + " " + CountingS3Proxy.byOperation(requests));
    table.put(label, requests.size());
    return requests;
  }

  @Test
  @DisplayName("POST, small PATCHes and HEAD stay within their S3 request budgets")
  void requestsPerTusRequest() throws Exception {
    byte[] data = random(10 * KIB);
    Map<String, Integer> table = new LinkedHashMap<>();
    try (TestServer server = TestServer.start(backend(), temp.resolve("server"))) {
      proxy.drain();
      String path = server.create(data.length);
      List<CountingS3Proxy.Request> post = seen("POST (creation)", table);

      assertThat(patch(server, path, 0, data, 0, KIB).status).isEqualTo(204);
      List<CountingS3Proxy.Request> first = seen("PATCH 1 KiB, first", table);
      assertThat(patch(server, path, KIB, data, KIB, KIB).status).isEqualTo(204);
      List<CountingS3Proxy.Request> next = seen("PATCH 1 KiB onto a tail", table);

      RawHttp.Response head = server.request("HEAD", path).tus().send();
      assertThat(head.header("Upload-Offset")).isEqualTo(Integer.toString(2 * KIB));
      List<CountingS3Proxy.Request> heads = seen("HEAD (in progress)", table);

      assertThat(patch(server, path, 2 * KIB, data, 2 * KIB, data.length - 2 * KIB).status).isEqualTo(204);
      List<CountingS3Proxy.Request> last = seen("PATCH completing the upload", table);

      RawHttp.Response done = server.request("HEAD", path).tus().send();
      assertThat(done.header("Upload-Offset")).isEqualTo(Integer.toString(data.length));
      List<CountingS3Proxy.Request> headDone = seen("HEAD (complete)", table);

      String small = server.create(KIB);
      proxy.drain();
      assertThat(patch(server, small, 0, data, 0, KIB).status).isEqualTo(204);
      List<CountingS3Proxy.Request> whole = seen("PATCH 1 KiB, whole upload", table);

      byte[] stored = s3.client().getObjectAsBytes(b -> b.bucket(bucket)
          .key("uploads/" + TestServer.idOf(path).substring(0, TestServer.idOf(path).indexOf('+')))).asByteArray();
      assertThat(stored).isEqualTo(data);

      assertThat(post).hasSizeLessThanOrEqualTo(3);
      assertThat(first).hasSizeLessThanOrEqualTo(3);
      assertThat(next).hasSizeLessThanOrEqualTo(3);
      assertThat(heads).hasSizeLessThanOrEqualTo(3);
      assertThat(headDone).hasSizeLessThanOrEqualTo(3);
      // a PATCH on a free lock reads the state once, under the lock; completing adds UploadPart and
      // CompleteMultipartUpload (and DeleteObject of a tail)
      assertThat(last).hasSizeLessThanOrEqualTo(5);
      assertThat(whole).hasSizeLessThanOrEqualTo(4);
      assertThat(whole).noneMatch(r -> r.operation().equals("GetObject") || r.operation().equals("HeadObject"));

      // an upload with parts: a HEAD also reads the tail's metadata (whether it is stale)
      byte[] big = random(6 << 20);
      String large = server.create(big.length + KIB);
      assertThat(patch(server, large, 0, big, 0, big.length).status).isEqualTo(204);
      proxy.drain();
      RawHttp.Response headLarge = server.request("HEAD", large).tus().send();
      assertThat(headLarge.header("Upload-Offset")).isEqualTo(Integer.toString(big.length));
      List<CountingS3Proxy.Request> headParts = seen("HEAD (parts and a tail)", table);
      assertThat(headParts).hasSizeLessThanOrEqualTo(3);
    }
    System.out.println("S3 requests per tus request: " + table);
  }

  @Test
  @DisplayName("an expiration pass over many uploads lists the bucket instead of reading every upload")
  void expirationPassListsInsteadOfReading() throws Exception {
    int uploads = 30;
    List<String> ids = new ArrayList<>();
    try (S3Store store = store()) {
      for (int i = 0; i < uploads; i++) {
        String id = store.create(UploadInfo.ofLength(UUID.randomUUID().toString().replace("-", ""), 4 * KIB)).id();
        store.write(id, 0, new ByteArrayInputStream(random(KIB + i)), ChunkVerifier.NONE);
        ids.add(id);
      }
      proxy.drain();
      // nothing is older than an hour: a pass finds no candidate and reads no upload
      List<String> none = store.expirationCandidates(Instant.now().minus(Duration.ofHours(1)));
      List<CountingS3Proxy.Request> pass = proxy.drain();
      System.out.println("expiration pass over " + uploads + " uploads: " + pass.size() + " "
          + CountingS3Proxy.byOperation(pass));
      assertThat(none).isEmpty();
      assertThat(pass).hasSizeLessThanOrEqualTo(2);
      assertThat(pass).noneMatch(r -> r.operation().equals("GetObject") || r.operation().equals("HeadObject"));

      // everything is older than a minute from now: every unfinished upload is a candidate, still without reads
      List<String> all = store.expirationCandidates(Instant.now().plus(Duration.ofMinutes(1)));
      List<CountingS3Proxy.Request> listing = proxy.drain();
      assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(listing).hasSizeLessThanOrEqualTo(2);
    }
  }
}
