package dev.resumable.tus.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resumable.tus.lock.LockLostException;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.ChunkWriters;
import dev.resumable.tus.store.UploadInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;

/**
 * Store-side fencing against S3Proxy: two stores on one bucket stand for two processes; the first one's state was
 * read under a lock it has lost without noticing (a process paused right after its last lock check), the second one
 * holds the lock now and writes. The stale holder's writes of {@code .part} and {@code .info} are refused by S3
 * (conditional PutObject on the ETag it saw) and nothing of it lands.
 */
class S3FencingTest {
  private static final int KIB = 1 << 10;

  @TempDir
  Path temp;
  final LocalS3 s3 = LocalS3.shared();
  String bucket;
  S3Store stale;
  S3Store holder;

  @BeforeEach
  void open() {
    bucket = s3.newBucket();
    stale = s3.store(bucket, b -> b.objectPrefix("f/").tempDir(temp));
    holder = s3.store(bucket, b -> b.objectPrefix("f/").tempDir(temp));
  }

  @AfterEach
  void close() {
    stale.close();
    holder.close();
  }

  private static byte[] random(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  private byte[] tail(String id) {
    String objectId = id.substring(0, id.indexOf('+'));
    return s3.client().getObject(b -> b.bucket(bucket).key("f/" + objectId + ".part"),
        ResponseTransformer.toBytes()).asByteArray();
  }

  @Test
  @DisplayName("a stale holder's tail write is refused after the new holder wrote the tail; the new bytes stay")
  void staleTailWriteRefused() throws IOException {
    String id = holder.create(UploadInfo.ofLength(UUID.randomUUID().toString().replace("-", ""), 64 * KIB)).id();
    byte[] first = random(KIB, 1);
    holder.write(id, 0, new ByteArrayInputStream(first), ChunkVerifier.NONE);

    // the stale holder read the state and buffered a chunk, then paused past its lease
    UploadInfo seen = stale.find(id).orElseThrow();
    ChunkWriter writer = stale.open(seen, ChunkVerifier.NONE, ChunkWriters.unfenced(id));
    writer.write(ByteBuffer.wrap(random(KIB, 2)));

    // the new holder appends meanwhile
    byte[] second = random(KIB, 3);
    holder.write(id, KIB, new ByteArrayInputStream(second), ChunkVerifier.NONE);

    assertThatThrownBy(writer::finish).isInstanceOf(LockLostException.class);
    assertThat(holder.find(id).orElseThrow().offset()).isEqualTo(2 * KIB);
    byte[] expected = Arrays.copyOf(first, 2 * KIB);
    System.arraycopy(second, 0, expected, KIB, KIB);
    assertThat(tail(id)).isEqualTo(expected);
  }

  @Test
  @DisplayName("a stale holder cannot create the tail another holder created meanwhile")
  void staleTailCreationRefused() throws IOException {
    String id = holder.create(UploadInfo.ofLength(UUID.randomUUID().toString().replace("-", ""), 64 * KIB)).id();
    UploadInfo seen = stale.find(id).orElseThrow();
    ChunkWriter writer = stale.open(seen, ChunkVerifier.NONE, ChunkWriters.unfenced(id));
    writer.write(ByteBuffer.wrap(random(KIB, 4)));
    byte[] winner = random(KIB, 5);
    holder.write(id, 0, new ByteArrayInputStream(winner), ChunkVerifier.NONE);

    assertThatThrownBy(writer::finish).isInstanceOf(LockLostException.class);
    assertThat(tail(id)).isEqualTo(winner);
  }

  @Test
  @DisplayName("a stale holder's .info rewrite (declared length) is refused after the new holder rewrote it")
  void staleInfoWriteRefused() throws IOException {
    String id = holder.create(UploadInfo.deferred(UUID.randomUUID().toString().replace("-", ""))).id();
    stale.find(id).orElseThrow();
    holder.find(id).orElseThrow();
    holder.declareLength(id, 100 * KIB);

    assertThatThrownBy(() -> stale.declareLength(id, 200 * KIB)).isInstanceOf(LockLostException.class);
    assertThat(holder.find(id).orElseThrow().size()).isEqualTo(100 * KIB);
    assertThat(stale.find(id).orElseThrow().size()).isEqualTo(100 * KIB);
  }

  @Test
  @DisplayName("a tail this process wrote and kept is not used once another process rewrote it (ETag differs)")
  void keptTailNotUsedAfterAnotherWriter() throws IOException {
    String id = holder.create(UploadInfo.ofLength(UUID.randomUUID().toString().replace("-", ""), 64 * KIB)).id();
    byte[] data = random(3 * KIB, 8);
    stale.write(id, 0, new ByteArrayInputStream(data, 0, KIB), ChunkVerifier.NONE);
    holder.write(id, KIB, new ByteArrayInputStream(data, KIB, KIB), ChunkVerifier.NONE);
    stale.write(id, 2 * KIB, new ByteArrayInputStream(data, 2 * KIB, KIB), ChunkVerifier.NONE);
    assertThat(tail(id)).isEqualTo(data);
    assertThat(stale.find(id).orElseThrow().offset()).isEqualTo(3 * KIB);
  }

  @Test
  @DisplayName("S3Proxy honours If-Match and If-None-Match on PutObject: conditional writes stay on")
  void conditionalWritesSupported() throws IOException {
    String id = holder.create(UploadInfo.deferred(UUID.randomUUID().toString().replace("-", ""))).id();
    holder.write(id, 0, new ByteArrayInputStream(random(KIB, 6)), ChunkVerifier.NONE);
    holder.write(id, KIB, new ByteArrayInputStream(random(KIB, 7)), ChunkVerifier.NONE);
    holder.find(id).orElseThrow();
    holder.declareLength(id, 2 * KIB);
    assertThat(holder.find(id).orElseThrow().isComplete()).isTrue();
    assertThat(holder.conditionalWrites()).isTrue();
  }
}
