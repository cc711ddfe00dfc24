package dev.resumable.tus.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resumable.tus.store.ChecksumMismatchException;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.StoreBusyException;
import dev.resumable.tus.store.UploadInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Part;

/** The S3 store itself against S3Proxy: layout, resumes, part numbering, concatenation, checksum, termination. */
class S3StoreTest {
  private static final int MIB = 1 << 20;

  @TempDir
  Path temp;
  final LocalS3 s3 = LocalS3.shared();
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  String bucket;
  S3Store store;

  @BeforeEach
  void open() {
    bucket = s3.newBucket();
    store = open(b -> { });
  }

  private S3Store open(java.util.function.Consumer<S3StoreBuilder> more) {
    return s3.store(bucket, b -> {
      b.objectPrefix("p/").partSize(5 * MIB).minPartSize(5 * MIB).concurrentPartUploads(3).maxBufferedParts(2)
          .tempDir(temp).interceptor(new RequestTiming((operation, nanos, ok) ->
              requests.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet()));
      more.accept(b);
    });
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] random(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  private String create(long size) throws IOException {
    return store.create(UploadInfo.ofLength(UUID.randomUUID().toString().replace("-", ""), size)).id();
  }

  private long offset(String id) throws IOException {
    return store.find(id).orElseThrow().offset();
  }

  private byte[] download(String id) throws IOException {
    UploadInfo info = store.find(id).orElseThrow();
    try (InputStream in = store.read(id, 0, info.size())) {
      return in.readAllBytes();
    }
  }

  private List<Part> parts(String id) {
    S3Keys.UploadRef ref = S3Keys.parse(id).orElseThrow();
    return s3.client().listParts(b -> b.bucket(bucket).key("p/" + ref.objectId()).uploadId(ref.multipartId()))
        .parts();
  }

  /** A stream that fails after {@code limit} bytes, like a client that went away. */
  private static InputStream cutAfter(byte[] data, int limit) {
    return new InputStream() {
      private int pos;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (pos >= limit) {
          throw new IOException("connection reset");
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  @Test
  @DisplayName("tusd layout: ID objectId+uploadId, .info with Storage, .part tail, object after the last byte")
  void layout() throws IOException {
    String id = create(7 * MIB);
    assertThat(id).matches("[0-9a-f]{32}\\+.+");
    String objectId = id.substring(0, id.indexOf('+'));
    assertThat(s3.keys(bucket)).containsExactly("p/" + objectId + ".info");
    assertThat(store.find(id).orElseThrow().storage()).containsEntry("Type", "s3store")
        .containsEntry("Bucket", bucket).containsEntry("Key", "p/" + objectId);
    byte[] data = random(7 * MIB, 1);
    store.write(id, 0, new ByteArrayInputStream(data, 0, 6 * MIB), ChunkVerifier.NONE);
    assertThat(parts(id)).extracting(Part::size).containsExactly((long) 5 * MIB);
    assertThat(s3.keys(bucket)).contains("p/" + objectId + ".part");
    assertThat(offset(id)).isEqualTo(6 * MIB);
    store.write(id, 6 * MIB, new ByteArrayInputStream(data, 6 * MIB, MIB), ChunkVerifier.NONE);
    assertThat(s3.keys(bucket)).containsExactlyInAnyOrder("p/" + objectId + ".info", "p/" + objectId);
    assertThat(s3.multipartUploads(bucket)).isZero();
    assertThat(store.find(id).orElseThrow().isComplete()).isTrue();
    assertThat(download(id)).isEqualTo(data);
  }

  @Test
  @DisplayName("a chunk cut mid-way keeps its parts and its tail; the upload resumes from the offset")
  void cutChunkKeepsEverything() throws IOException {
    byte[] data = random(13 * MIB, 2);
    String id = create(data.length);
    assertThatThrownBy(() -> store.write(id, 0, cutAfter(data, 12 * MIB + 123), ChunkVerifier.NONE))
        .hasMessageContaining("connection reset");
    assertThat(offset(id)).isEqualTo(12 * MIB + 123);
    assertThat(parts(id)).hasSize(2);
    long offset = offset(id);
    store.write(id, offset, new ByteArrayInputStream(data, (int) offset, data.length - (int) offset),
        ChunkVerifier.NONE);
    assertThat(download(id)).isEqualTo(data);
  }

  @Test
  @DisplayName("checksum mismatch: no part uploaded, part list, tail and offset unchanged")
  void checksumMismatchLeavesNoTrace() throws IOException {
    byte[] data = random(20 * MIB, 3);
    String id = create(data.length);
    store.write(id, 0, new ByteArrayInputStream(data, 0, 6 * MIB), ChunkVerifier.NONE);
    List<Part> before = parts(id);
    byte[] tailBefore = s3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("p/" + id.substring(0, id.indexOf('+')) + ".part")).asByteArray();
    int uploadsBefore = requests.getOrDefault("UploadPart", new AtomicInteger()).get();
    assertThatThrownBy(() -> store.write(id, 6 * MIB, new ByteArrayInputStream(data, 6 * MIB, 12 * MIB),
        () -> {
          throw new ChecksumMismatchException("mismatch");
        })).isInstanceOf(ChecksumMismatchException.class);
    assertThat(requests.getOrDefault("UploadPart", new AtomicInteger()).get()).isEqualTo(uploadsBefore);
    assertThat(parts(id)).extracting(Part::partNumber, Part::eTag)
        .containsExactlyElementsOf(before.stream().map(p -> org.assertj.core.groups.Tuple.tuple(p.partNumber(),
            p.eTag())).toList());
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket)
        .key("p/" + id.substring(0, id.indexOf('+')) + ".part")).asByteArray()).isEqualTo(tailBefore);
    assertThat(offset(id)).isEqualTo(6 * MIB);
    store.write(id, 6 * MIB, new ByteArrayInputStream(data, 6 * MIB, 14 * MIB), () -> { });
    assertThat(download(id)).isEqualTo(data);
  }

  @Test
  @DisplayName("termination aborts the multipart upload and leaves the bucket empty")
  void terminationEmptiesBucket() throws IOException {
    String unfinished = create(20 * MIB);
    store.write(unfinished, 0, new ByteArrayInputStream(random(7 * MIB, 4)), ChunkVerifier.NONE);
    String finished = create(3);
    store.write(finished, 0, new ByteArrayInputStream(new byte[3]), ChunkVerifier.NONE);
    store.terminate(unfinished);
    store.terminate(finished);
    assertThat(s3.keys(bucket)).isEmpty();
    assertThat(s3.multipartUploads(bucket)).isZero();
    assertThat(store.find(unfinished)).isEmpty();
    assertThatThrownBy(() -> store.terminate(unfinished)).isInstanceOf(
        dev.resumable.tus.store.UploadNotFoundException.class);
  }

  @Test
  @DisplayName("many small resumes never use more part numbers than allowed (tusd #1247)")
  void partNumbersStayWithinLimit() throws IOException {
    store.close();
    store = open(b -> b.maxParts(3));
    byte[] data = random(30 * MIB, 5);
    String id = create(data.length);
    int offset = 0;
    int chunk = 5 * MIB + 1;
    while (offset < data.length) {
      int n = Math.min(chunk, data.length - offset);
      store.write(id, offset, new ByteArrayInputStream(data, offset, n), ChunkVerifier.NONE);
      offset += n;
      assertThat(offset(id)).isEqualTo(offset);
    }
    assertThat(requests.get("CompleteMultipartUpload").get()).isEqualTo(1);
    assertThat(download(id)).isEqualTo(data);
  }

  @Test
  @DisplayName("concatenation: large partials copied by S3 (UploadPartCopy), small ones copied through")
  void concatenation() throws IOException {
    byte[] a = random(6 * MIB, 6);
    byte[] b = random(100, 7);
    byte[] c = random(6 * MIB, 8);
    byte[] d = new byte[0];
    String[] ids = new String[4];
    byte[][] parts = {a, b, c, d};
    for (int i = 0; i < 4; i++) {
      ids[i] = store.create(UploadInfo.ofLength(UUID.randomUUID().toString().replace("-", ""),
          parts[i].length).asPartial()).id();
      store.write(ids[i], 0, new ByteArrayInputStream(parts[i]), ChunkVerifier.NONE);
    }
    List<String> order = List.of(ids[0], ids[1], ids[2], ids[3], ids[0]);
    String fin = store.create(UploadInfo.ofLength(UUID.randomUUID().toString().replace("-", ""), 0)
        .asFinal(order, "final;x")).id();
    store.concatenate(fin, order);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (byte[] part : new byte[][] {a, b, c, d, a}) {
      expected.writeBytes(part);
    }
    assertThat(store.find(fin).orElseThrow().isComplete()).isTrue();
    assertThat(download(fin)).isEqualTo(expected.toByteArray());
    assertThat(requests.get("UploadPartCopy").get()).isGreaterThanOrEqualTo(1);
    assertThat(store.read(fin, 6 * MIB, 100).readAllBytes()).isEqualTo(b);
  }

  @Test
  @DisplayName("a stale tail (folded into a part, then a crash) is not counted twice; stray parts are ignored")
  void staleTailAndStrayParts() throws IOException {
    byte[] data = random(16 * MIB, 9);
    String id = create(data.length);
    store.write(id, 0, new ByteArrayInputStream(data, 0, 7 * MIB), ChunkVerifier.NONE);
    S3Keys.UploadRef ref = S3Keys.parse(id).orElseThrow();
    String key = "p/" + ref.objectId();
    // crash simulation: the tail (2 MiB, next part 2) folded into part 2 with 3 more MiB, .part not deleted
    s3.client().uploadPart(r -> r.bucket(bucket).key(key).uploadId(ref.multipartId()).partNumber(2),
        RequestBody.fromBytes(java.util.Arrays.copyOfRange(data, 5 * MIB, 10 * MIB)));
    assertThat(offset(id)).isEqualTo(10 * MIB);
    // a part uploaded beyond a gap (part 3 failed, part 4 succeeded) does not count
    s3.client().uploadPart(r -> r.bucket(bucket).key(key).uploadId(ref.multipartId()).partNumber(4),
        RequestBody.fromBytes(random(5 * MIB, 10)));
    assertThat(offset(id)).isEqualTo(10 * MIB);
    store.write(id, 10 * MIB, new ByteArrayInputStream(data, 10 * MIB, 6 * MIB), ChunkVerifier.NONE);
    assertThat(download(id)).isEqualTo(data);
  }

  @Test
  @DisplayName("an emptied orphan part ends the durable run: parts after it never count, the result stays exact")
  void emptiedPartIsAGap() throws IOException {
    byte[] data = random(16 * MIB, 13);
    String id = create(data.length);
    store.write(id, 0, new ByteArrayInputStream(data, 0, 5 * MIB), ChunkVerifier.NONE);
    S3Keys.UploadRef ref = S3Keys.parse(id).orElseThrow();
    String key = "p/" + ref.objectId();
    // crash simulation: part 2 emptied as an orphan, part 3 uploaded by a later, failed write
    s3.client().uploadPart(r -> r.bucket(bucket).key(key).uploadId(ref.multipartId()).partNumber(2),
        RequestBody.fromBytes(new byte[0]));
    s3.client().uploadPart(r -> r.bucket(bucket).key(key).uploadId(ref.multipartId()).partNumber(3),
        RequestBody.fromBytes(java.util.Arrays.copyOfRange(data, 10 * MIB, 15 * MIB)));
    assertThat(offset(id)).isEqualTo(5 * MIB);
    store.write(id, 5 * MIB, new ByteArrayInputStream(data, 5 * MIB, 11 * MIB), ChunkVerifier.NONE);
    assertThat(download(id)).isEqualTo(data);
  }

  @Test
  @DisplayName("deferred length: declared later, completed when the offset reaches it; empty uploads complete")
  void deferredAndEmpty() throws IOException {
    String id = store.create(UploadInfo.deferred(UUID.randomUUID().toString().replace("-", ""))).id();
    byte[] data = random(1000, 11);
    store.write(id, 0, new ByteArrayInputStream(data), ChunkVerifier.NONE);
    assertThat(store.find(id).orElseThrow().sizeIsDeferred()).isTrue();
    store.declareLength(id, 1000);
    assertThat(store.find(id).orElseThrow().isComplete()).isTrue();
    assertThat(download(id)).isEqualTo(data);
    String empty = create(0);
    assertThat(store.find(empty).orElseThrow().isComplete()).isTrue();
    assertThat(s3.multipartUploads(bucket)).isZero();
    assertThat(store.listIds()).containsExactlyInAnyOrder(id, empty);
  }

  @Test
  @DisplayName("equal part size (R2): every part but the last has the same size, also with odd chunks")
  void equalParts() throws IOException {
    store.close();
    store = open(b -> b.equalPartSize(true));
    byte[] data = random(17 * MIB, 12);
    String id = create(data.length);
    int[] chunks = {6 * MIB + 7, 3 * MIB, 5 * MIB, 3 * MIB - 7};
    int offset = 0;
    for (int n : chunks) {
      store.write(id, offset, new ByteArrayInputStream(data, offset, n), ChunkVerifier.NONE);
      offset += n;
      List<Part> listed = parts(id);
      assertThat(listed).allMatch(p -> p.size() == 5L * MIB || listed.isEmpty());
    }
    assertThat(download(id)).isEqualTo(data);
  }

  @Test
  @DisplayName("unknown or malformed IDs are not found; readiness probes the bucket")
  void unknownIdsAndReadiness() throws IOException {
    assertThat(store.find("0123456789abcdef0123456789abcdef")).isEmpty();
    assertThat(store.find("0123456789abcdef+nope")).isEmpty();
    assertThat(store.find("../etc+x")).isEmpty();
    store.checkReady();
    S3Store missing = s3.store("no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8), b -> { });
    assertThatThrownBy(missing::checkReady).isInstanceOf(IOException.class);
    missing.close();
  }
  @Test
  @DisplayName("an ID chosen outside the server (pre-create hook) never overwrites: taken or colliding IDs refused")
  void chosenIdsNeverOverwrite() throws IOException {
    String abc = store.create(UploadInfo.ofLength("abc", 3)).id();
    assertThat(abc).startsWith("abc+");
    store.write(abc, 0, new ByteArrayInputStream("xyz".getBytes()), ChunkVerifier.NONE);
    String other = store.create(UploadInfo.ofLength("other", 10)).id();
    store.write(other, 0, new ByteArrayInputStream("12".getBytes()), ChunkVerifier.NONE);
    List<String> before = s3.keys(bucket);
    int multipartBefore = s3.multipartUploads(bucket);
    for (String chosen : List.of("abc", "abc.info", "abc.part", "other", "other.info", "other.part", "x.info",
        "x.part")) {
      assertThatThrownBy(() -> store.create(UploadInfo.ofLength(chosen, 5))).as(chosen)
          .isInstanceOf(UploadIdTakenException.class);
    }
    assertThat(s3.keys(bucket)).containsExactlyInAnyOrderElementsOf(before);
    assertThat(s3.multipartUploads(bucket)).isEqualTo(multipartBefore);
    assertThat(download(abc)).isEqualTo("xyz".getBytes());
    assertThat(offset(other)).isEqualTo(2);
    assertThat(store.find(other).orElseThrow().size()).isEqualTo(10);
  }

  @Test
  @DisplayName("-s3-object-prefix without a trailing '/' gets one, as tusd adds it")
  void prefixGetsASlash() throws IOException {
    S3Store slashless = s3.store(bucket, b -> b.objectPrefix("uploads").tempDir(temp));
    try {
      assertThat(slashless.objectPrefix()).isEqualTo("uploads/");
      String id = slashless.create(UploadInfo.ofLength("f00d", 0)).id();
      assertThat(s3.keys(bucket)).contains("uploads/f00d.info", "uploads/f00d");
      S3Store slashed = s3.store(bucket, b -> b.objectPrefix("uploads/").tempDir(temp));
      assertThat(slashed.find(id)).isPresent();
      assertThat(slashed.listIds()).containsExactly(id);
      slashed.close();
    } finally {
      slashless.close();
    }
  }

  @Test
  @DisplayName("temp disk is capped process-wide: a checksummed chunk beyond the cap is refused (nothing kept), "
      + "plain chunks wait for their own part uploads")
  void tempDiskBudget() throws Exception {
    store.close();
    store = open(b -> b.maxTempBytes(6 * MIB));
    byte[] data = random(12 * MIB, 9);
    String checked = create(data.length);
    assertThatThrownBy(() -> store.write(checked, 0, new ByteArrayInputStream(data), () -> { }))
        .isInstanceOf(StoreBusyException.class);
    assertThat(offset(checked)).isZero();
    assertThat(parts(checked)).isEmpty();
    String plain = create(data.length);
    store.write(plain, 0, new ByteArrayInputStream(data), ChunkVerifier.NONE);
    assertThat(download(plain)).isEqualTo(data);
    assertThat(store.spooledBytes()).isZero();
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).as("no part file left on temp disk").isEmpty();
    }
  }
}
