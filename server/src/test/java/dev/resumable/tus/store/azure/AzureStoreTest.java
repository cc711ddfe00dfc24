package dev.resumable.tus.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.resumable.tus.store.ChecksumMismatchException;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.ChunkWriters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure store on Azurite, below the HTTP layer: tusd's layout both ways (data tusd wrote is resumed and
 * finished; what this store writes is what tusd reads), block sizes and the memory budget, checksummed chunks leaving
 * no trace, termination leaving nothing behind, the container created when missing, the access tier.
 */
class AzureStoreTest {
  @TempDir
  Path dir;

  private final LocalAzurite azurite = LocalAzurite.shared();

  private AzureStore store(String container, String prefix) {
    return azurite.store(container, b -> b.objectPrefix(prefix).blockSize(64 * 1024).spoolDir(dir));
  }

  private static List<String> blobs(BlobContainerClient container) {
    List<String> names = new ArrayList<>();
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails()
        .setRetrieveUncommittedBlobs(true)), null)) {
      names.add(item.getName());
    }
    return names;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  @DisplayName("an ID chosen outside the server (pre-create hook) never overwrites: taken or colliding IDs refused")
  void chosenIdsNeverOverwrite() throws IOException {
    String name = azurite.newContainer();
    AzureStore store = store(name, "up");
    store.create(UploadInfo.ofLength("abc", 3));
    store.write("abc", 0, new ByteArrayInputStream("xyz".getBytes(StandardCharsets.US_ASCII)), ChunkVerifier.NONE);
    store.create(UploadInfo.ofLength("other", 10));
    store.write("other", 0, new ByteArrayInputStream("12".getBytes(StandardCharsets.US_ASCII)), ChunkVerifier.NONE);
    BlobContainerClient container = azurite.container(name);
    List<String> before = blobs(container);
    String abcInfo = container.getBlobClient("up/abc.info").downloadContent().toString();
    String otherInfo = container.getBlobClient("up/other.info").downloadContent().toString();
    for (String chosen : List.of("abc", "abc.info", "other", "other.info", "x.info")) {
      assertThatThrownBy(() -> store.create(UploadInfo.ofLength(chosen, 5))).as(chosen)
          .isInstanceOf(UploadIdTakenException.class);
    }
    assertThat(blobs(container)).containsExactlyInAnyOrderElementsOf(before);
    assertThat(container.getBlobClient("up/abc.info").downloadContent().toString()).isEqualTo(abcInfo);
    assertThat(container.getBlobClient("up/other.info").downloadContent().toString()).isEqualTo(otherInfo);
    assertThat(container.getBlobClient("up/abc").downloadContent().toString()).isEqualTo("xyz");
    assertThat(store.find("other").orElseThrow().offset()).isEqualTo(2);
    assertThat(store.find("other").orElseThrow().size()).isEqualTo(10);
    assertThat(container.getBlobClient("up/abc.info").getBlockBlobClient().listBlocks(BlockListType.UNCOMMITTED)
        .getUncommittedBlocks()).as("nothing staged into another upload's .info").isEmpty();
  }

  @Test
  @DisplayName("layout: <prefix>/<id>.info and <prefix>/<id>, tusd's Storage fields, blocks committed when complete")
  void layout() throws IOException {
    String name = azurite.newContainer();
    AzureStore store = store(name, "up");
    UploadInfo created = store.create(UploadInfo.ofLength("abc123", 200_000).withMetadata(Map.of("k", "v")));
    assertThat(created.storage()).containsEntry("Type", "azurestore").containsEntry("Container", name)
        .containsEntry("Key", "up/abc123");
    BlobContainerClient container = azurite.container(name);
    assertThat(blobs(container)).containsExactlyInAnyOrder("up/abc123", "up/abc123.info");
    String info = container.getBlobClient("up/abc123.info").downloadContent().toString();
    assertThat(info).contains("\"ID\":\"abc123\"").contains("\"Size\":200000").contains("\"MetaData\":{\"k\":\"v\"}")
        .contains("\"Type\":\"azurestore\"");
    BlockBlobClient data = container.getBlobClient("up/abc123").getBlockBlobClient();
    assertThat(data.listBlocks(BlockListType.ALL).getUncommittedBlocks()).singleElement()
        .satisfies(b -> assertThat(b.getName()).isEqualTo(BlockIds.of(BlockIds.SENTINEL)));

    byte[] bytes = random(200_000, 1);
    assertThat(store.write("abc123", 0, new ByteArrayInputStream(bytes, 0, 150_000), ChunkVerifier.NONE))
        .isEqualTo(150_000);
    assertThat(store.find("abc123").orElseThrow().offset()).isEqualTo(150_000);
    assertThat(data.listBlocks(BlockListType.COMMITTED).getCommittedBlocks()).isEmpty();
    store.write("abc123", 150_000, new ByteArrayInputStream(bytes, 150_000, 50_000), ChunkVerifier.NONE);
    var committed = data.listBlocks(BlockListType.ALL);
    assertThat(committed.getUncommittedBlocks()).isEmpty();
    assertThat(committed.getCommittedBlocks()).extracting(b -> BlockIds.indexOf(b.getName()))
        .containsExactly(0, 1, 2, 3);
    assertThat(data.downloadContent().toBytes()).isEqualTo(bytes);
    try (InputStream range = store.read("abc123", 100, 1000)) {
      assertThat(range.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 1100));
    }
    assertThat(store.find("abc123").orElseThrow().offset()).isEqualTo(200_000);
    assertThat(store.listIds()).containsExactly("abc123");
  }

  @Test
  @DisplayName("an upload tusd started (its info JSON, sentinel and blocks) is resumed, finished and read back")
  void tusdDataIsServed() throws IOException {
    String name = azurite.newContainer();
    AzureStore store = store(name, "");
    BlobContainerClient container = azurite.container(name);
    // what tusd's azurestore leaves after creating an upload and one PATCH of 5 bytes
    container.getBlobClient("t1.info").getBlockBlobClient().upload(BinaryData.fromString("{\"ID\":\"t1\",\"Size\":11,"
        + "\"SizeIsDeferred\":false,\"Offset\":0,\"MetaData\":{\"filename\":\"a.txt\"},\"IsPartial\":false,"
        + "\"IsFinal\":false,\"PartialUploads\":null,\"Storage\":{\"Container\":\"" + name + "\",\"Key\":\"t1\","
        + "\"Type\":\"azurestore\"}}"), true);
    BlockBlobClient data = container.getBlobClient("t1").getBlockBlobClient();
    data.stageBlock(BlockIds.of(BlockIds.SENTINEL), BinaryData.fromBytes(new byte[] {0}));
    data.stageBlock(BlockIds.of(0), BinaryData.fromString("hello"));
    UploadInfo found = store.find("t1").orElseThrow();
    assertThat(found.offset()).isEqualTo(5);
    assertThat(found.metadata()).containsEntry("filename", "a.txt");
    store.write("t1", 5, new ByteArrayInputStream(" world".getBytes(StandardCharsets.US_ASCII)), ChunkVerifier.NONE);
    assertThat(data.downloadContent().toString()).isEqualTo("hello world");
    assertThat(store.find("t1").orElseThrow().isComplete()).isTrue();
  }

  @Test
  @DisplayName("a chunk whose checksum fails leaves no block; a cut chunk keeps what was received")
  void checksumAndCutChunks() throws IOException {
    String name = azurite.newContainer();
    AzureStore store = store(name, "");
    store.create(UploadInfo.ofLength("c1", 300_000));
    ChunkVerifier failing = () -> {
      throw new ChecksumMismatchException("sha1");
    };
    assertThatThrownBy(() -> store.write("c1", 0, new ByteArrayInputStream(random(100_000, 2)), failing))
        .isInstanceOf(ChecksumMismatchException.class);
    assertThat(store.find("c1").orElseThrow().offset()).isZero();
    assertThat(azurite.container(name).getBlobClient("c1").getBlockBlobClient().listBlocks(BlockListType.ALL)
        .getUncommittedBlocks()).hasSize(1);
    assertThat(dir.toFile().list()).as("the spool file is gone").isEmpty();

    ChunkWriter writer = store.open(store.find("c1").orElseThrow(), ChunkVerifier.NONE, ChunkWriters.unfenced("c1"));
    writer.write(ByteBuffer.wrap(random(100_000, 3)));
    UploadInfo kept = writer.abort(true);
    assertThat(kept.offset()).isEqualTo(100_000);
    assertThat(store.find("c1").orElseThrow().offset()).isEqualTo(100_000);
    assertThat(store.bufferedBytes()).as("buffers returned to the budget").isZero();
  }

  @Test
  @DisplayName("the shared buffer budget bounds memory: past it, writers stage smaller blocks instead of waiting")
  void bufferBudget() throws IOException {
    String name = azurite.newContainer();
    AzureStore store = azurite.store(name, b -> b.blockSize(1 << 20).bufferBudget(256 * 1024).spoolDir(dir));
    List<ChunkWriter> writers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      store.create(UploadInfo.ofLength("b" + i, 1 << 20));
      writers.add(store.open(store.find("b" + i).orElseThrow(), ChunkVerifier.NONE, ChunkWriters.unfenced("b" + i)));
    }
    for (int round = 0; round < 8; round++) {
      for (ChunkWriter writer : writers) {
        writer.write(ByteBuffer.wrap(random(128 * 1024, round)));
        assertThat(store.bufferedBytes()).isLessThanOrEqualTo(256 * 1024 + 4 * BlockBudget.MIN_BUFFER);
      }
    }
    for (int i = 0; i < 4; i++) {
      assertThat(writers.get(i).finish().offset()).isEqualTo(1 << 20);
      assertThat(store.find("b" + i).orElseThrow().isComplete()).isTrue();
    }
    assertThat(store.bufferedBytes()).isZero();
  }

  @Test
  @DisplayName("termination leaves nothing (uncommitted blocks included); deferred length; concatenation")
  void terminationDeferredAndConcatenation() throws IOException {
    String name = azurite.newContainer();
    AzureStore store = store(name, "p/");
    store.create(UploadInfo.ofLength("gone", 100));
    store.write("gone", 0, new ByteArrayInputStream(new byte[10]), ChunkVerifier.NONE);
    store.terminate("gone");
    assertThat(blobs(azurite.container(name))).isEmpty();
    assertThat(store.find("gone")).isEmpty();

    store.create(UploadInfo.deferred("d"));
    store.write("d", 0, new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), ChunkVerifier.NONE);
    store.declareLength("d", 3);
    assertThat(store.find("d").orElseThrow().isComplete()).isTrue();

    store.create(UploadInfo.ofLength("e", 2));
    store.write("e", 0, new ByteArrayInputStream("de".getBytes(StandardCharsets.US_ASCII)), ChunkVerifier.NONE);
    store.create(UploadInfo.deferred("f").asFinal(List.of("d", "e", "d"), "final;d e d"));
    store.concatenate("f", List.of("d", "e", "d"));
    UploadInfo fin = store.find("f").orElseThrow();
    assertThat(fin.size()).isEqualTo(8);
    assertThat(fin.isComplete()).isTrue();
    try (InputStream in = store.read("f", 0, 8)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdeabc");
    }
  }

  @Test
  @DisplayName("the container is created when missing, with the access tier applied to finished uploads")
  void containerAndTier() throws IOException {
    String name = azurite.newContainer();
    assertThat(azurite.container(name).exists()).isFalse();
    AzureStore store = azurite.store(name, b -> b.accessTier("cool").spoolDir(dir));
    assertThat(azurite.container(name).exists()).isTrue();
    store.create(UploadInfo.ofLength("t", 3));
    store.write("t", 0, new ByteArrayInputStream("xyz".getBytes(StandardCharsets.US_ASCII)), ChunkVerifier.NONE);
    assertThat(azurite.container(name).getBlobClient("t").getProperties().getAccessTier()).isEqualTo(AccessTier.COOL);
    assertThatThrownBy(() -> azurite.store(name, b -> b.accessTier("lukewarm")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-azure-blob-access-tier");
  }
}
