package dev.resumable.tus.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.resumable.tus.store.file.FileTestBackend;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestBackend;
import dev.resumable.tus.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real JavaScript client, npm {@code tus-js-client@4.3.1} under node, driven through
 * {@code src/test/node/tus-upload.js}. Proves, over loopback HTTP against the server: a chunked upload with metadata
 * arrives byte for byte and its metadata is echoed; an upload aborted mid-way is resumed by a new client process
 * from the server's offset, both by its {@code uploadUrl} and by the fingerprint of a previous upload, without a new
 * creation and without re-sending stored bytes; creation-with-upload ({@code uploadDataDuringCreation}) stores the
 * POST body; {@code parallelUploads: 2} (two partial uploads joined by a final one) yields the original file.
 */
class TusJsClientInteropTest {
  private static final int SIZE = 2 * 1024 * 1024 + 777_777;
  private static final int CHUNK = 512 * 1024;
  private static NodeScript node;

  @TempDir
  Path tmp;

  private TestServer server;

  @BeforeAll
  static void findNode() {
    node = NodeScript.locate();
  }

  /** The store the server runs on: the file store here, S3 in {@link S3TusJsClientInteropTest}. */
  TestBackend backend() {
    return FileTestBackend.INSTANCE;
  }

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(backend(), tmp.resolve("store"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private byte[] download(String url) throws Exception {
    RawHttp.Response get = server.request("GET", TestServer.pathOf(url)).send();
    assertThat(get.status).as("GET %s", url).isEqualTo(200);
    return get.body;
  }

  private RawHttp.Response head(String url) throws Exception {
    return server.request("HEAD", TestServer.pathOf(url)).tus().send();
  }

  /** The offset once the server finished with the aborted request (two equal readings 200 ms apart). */
  private long settledOffset(String url) throws Exception {
    long previous = -1;
    for (int i = 0; i < 50; i++) {
      long offset = Long.parseLong(head(url).header("Upload-Offset"));
      if (offset == previous) {
        return offset;
      }
      previous = offset;
      Thread.sleep(200);
    }
    throw new AssertionError("the offset of " + url + " did not settle");
  }

  @Test
  void uploadsAFileWithMetadataByteForByte() throws Exception {
    Path file = tmp.resolve("photo.bin");
    byte[] source = Digests.randomFile(file, SIZE, 11);

    NodeScript.Run run = node.run(server.endpoint(), file, Map.of("chunkSize", CHUNK,
        "metadata", Map.of("filename", "holiday photo.jpg", "filetype", "image/jpeg")));

    assertThat(run.exitCode).as(run.toString()).isZero();
    String url = run.url("success");
    assertThat(run.requests("POST")).hasSize(1);
    assertThat(run.requests("PATCH")).hasSize((SIZE + CHUNK - 1) / CHUNK);
    assertThat(run.events("response")).allSatisfy(r -> assertThat(r.path("status").asInt()).isBetween(200, 299));
    RawHttp.Response head = head(url);
    assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(SIZE));
    assertThat(head.header("Upload-Metadata")).contains("filename aG9saWRheSBwaG90by5qcGc=")
        .contains("filetype aW1hZ2UvanBlZw==");
    assertThat(Digests.sha256(download(url))).isEqualTo(Digests.sha256(source));
  }

  @Test
  void abortedUploadIsResumedFromItsUploadUrl() throws Exception {
    Path file = tmp.resolve("resume-url.bin");
    byte[] source = Digests.randomFile(file, SIZE, 12);

    NodeScript.Run first = node.run(server.endpoint(), file, Map.of("chunkSize", CHUNK, "abortAfter", CHUNK + 1));
    assertThat(first.exitCode).as(first.toString()).isZero();
    String url = first.url("aborted");
    long offset = settledOffset(url);
    assertThat(offset).as("bytes stored before the abort").isBetween((long) CHUNK, SIZE - 1L);

    NodeScript.Run second = node.run(server.endpoint(), file, Map.of("chunkSize", CHUNK, "uploadUrl", url));
    assertResumed(second, url, offset);
    assertThat(Digests.sha256(download(url))).isEqualTo(Digests.sha256(source));
  }

  @Test
  void abortedUploadIsResumedFromThePreviousUploadFingerprint() throws Exception {
    Path file = tmp.resolve("resume-fingerprint.bin");
    byte[] source = Digests.randomFile(file, SIZE, 13);
    String urlStorage = tmp.resolve("tus-url-storage.json").toString();

    NodeScript.Run first = node.run(server.endpoint(), file,
        Map.of("chunkSize", CHUNK, "abortAfter", 2 * CHUNK + 1, "urlStorage", urlStorage));
    assertThat(first.exitCode).as(first.toString()).isZero();
    String url = first.url("aborted");
    long offset = settledOffset(url);
    assertThat(offset).isBetween(2L * CHUNK, SIZE - 1L);

    NodeScript.Run second = node.run(server.endpoint(), file,
        Map.of("chunkSize", CHUNK, "urlStorage", urlStorage, "resumePrevious", true));
    assertThat(second.url("previous")).isEqualTo(url);
    assertResumed(second, url, offset);
    assertThat(Digests.sha256(download(url))).isEqualTo(Digests.sha256(source));
  }

  private static void assertResumed(NodeScript.Run run, String url, long offset) {
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.url("success")).isEqualTo(url);
    assertThat(run.requests("POST")).as("no new upload was created").isEmpty();
    JsonNode firstRequest = run.events("request").get(0);
    assertThat(firstRequest.path("method").asText()).isEqualTo("HEAD");
    List<JsonNode> patches = run.requests("PATCH");
    assertThat(patches).isNotEmpty();
    assertThat(patches.get(0).path("uploadOffset").asText())
        .as("the first PATCH continues at the server's offset").isEqualTo(String.valueOf(offset));
  }

  @Test
  void creationWithUploadStoresThePostBody() throws Exception {
    Path file = tmp.resolve("creation-with-upload.bin");
    byte[] source = Digests.randomFile(file, SIZE, 14);

    NodeScript.Run run = node.run(server.endpoint(), file,
        Map.of("chunkSize", CHUNK, "uploadDataDuringCreation", true, "metadata", Map.of("filename", "c.bin")));

    assertThat(run.exitCode).as(run.toString()).isZero();
    String url = run.url("success");
    List<JsonNode> posts = run.requests("POST");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).path("contentType").asText()).isEqualTo("application/offset+octet-stream");
    JsonNode created = run.events("response").get(0);
    assertThat(created.path("status").asInt()).isEqualTo(201);
    assertThat(created.path("uploadOffset").asText()).isEqualTo(String.valueOf(CHUNK));
    assertThat(run.requests("PATCH")).hasSize((SIZE - CHUNK + CHUNK - 1) / CHUNK);
    assertThat(run.requests("PATCH").get(0).path("uploadOffset").asText()).isEqualTo(String.valueOf(CHUNK));
    assertThat(Digests.sha256(download(url))).isEqualTo(Digests.sha256(source));
  }

  @Test
  void parallelUploadsAreConcatenatedIntoTheOriginalFile() throws Exception {
    RawHttp.Response options = server.request("OPTIONS", "/files/").send();
    assertThat(options.header("Tus-Extension")).contains("concatenation");
    Path file = tmp.resolve("parallel.bin");
    byte[] source = Digests.randomFile(file, SIZE, 15);

    NodeScript.Run run = node.run(server.endpoint(), file, Map.of("chunkSize", CHUNK, "parallelUploads", 2));

    assertThat(run.exitCode).as(run.toString()).isZero();
    String url = run.url("success");
    List<JsonNode> posts = run.requests("POST");
    assertThat(posts).hasSize(3);
    assertThat(posts.stream().filter(p -> p.path("uploadConcat").asText().equals("partial"))).hasSize(2);
    JsonNode finalPost = posts.stream().filter(p -> p.path("uploadConcat").asText().startsWith("final;"))
        .findFirst().orElseThrow();
    assertThat(finalPost.path("uploadConcat").asText().split(" ")).hasSize(2);
    RawHttp.Response head = head(url);
    assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(SIZE));
    assertThat(head.header("Upload-Length")).isEqualTo(String.valueOf(SIZE));
    assertThat(head.header("Upload-Concat")).startsWith("final;");
    byte[] joined = download(url);
    assertThat(joined.length).isEqualTo(SIZE);
    assertThat(Digests.sha256(joined)).isEqualTo(Digests.sha256(source));
  }
}
