package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.StoreContract;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tus core protocol and creation over real HTTP against a server on loopback: one test per item of
 * {@code tus-protocol-checklist.md} (numbers in the display names) and per status code.
 */
@StoreContract
class CoreProtocolTest extends StoreServerTest {
  @BeforeEach
  void start() throws IOException {
    server = TestServer.start(store, dir, b -> b.maxSize(1_000_000));
  }

  private Response patch(String path, long offset, byte[] data) throws IOException {
    return server.request("PATCH", path).tus().header("Upload-Offset", offset)
        .header("Content-Type", "application/offset+octet-stream").body(data).send();
  }

  private long storedFiles() throws IOException {
    return server.stored().count();
  }

  @Test
  @DisplayName("#2 #5 #6 #20 #22 #31 #37 #40 #43 #45 OPTIONS advertises version, extensions, max size, algorithms")
  void optionsAdvertisesCapabilities() throws IOException {
    Response r = server.request("OPTIONS", "/files/").send();
    assertThat(r.status).isEqualTo(204);
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Extension").split(",")).containsExactly("creation", "creation-with-upload",
        "creation-defer-length", "termination", "concatenation", "concatenation-unfinished", "checksum",
        "checksum-trailer");
    assertThat(r.header("Tus-Max-Size")).isEqualTo("1000000");
    assertThat(r.header("Tus-Checksum-Algorithm")).isEqualTo("md5,sha1,sha256,sha512");
  }

  @Test
  @DisplayName("#21 OPTIONS ignores Tus-Resumable, also on an upload URL")
  void optionsIgnoresTusResumable() throws IOException {
    assertThat(server.request("OPTIONS", "/files/").header("Tus-Resumable", "0.1.0").send().status)
        .isEqualTo(204);
    String upload = server.create(5);
    assertThat(server.request("OPTIONS", upload).send().status).isEqualTo(204);
  }

  @Test
  @DisplayName("#3 #4 missing Tus-Resumable: 412 with Tus-Version, nothing created")
  void missingTusResumableIs412() throws IOException {
    Response r = server.request("POST", "/files/").header("Upload-Length", 5).send();
    assertThat(r.status).isEqualTo(412);
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(storedFiles()).isZero();
  }

  @Test
  @DisplayName("#4 unsupported Tus-Resumable on PATCH: 412 with Tus-Version, upload unchanged")
  void unsupportedVersionIs412() throws IOException {
    String upload = server.create(5);
    Response r = server.request("PATCH", upload).header("Tus-Resumable", "2.0.0").header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream").body("hello").send();
    assertThat(r.status).isEqualTo(412);
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(server.request("HEAD", upload).tus().send().header("Upload-Offset")).isEqualTo("0");
  }

  @Test
  @DisplayName("#3 every response carries Tus-Resumable, errors included")
  void everyResponseHasTusResumable() throws IOException {
    String upload = server.create(5);
    assertThat(server.request("HEAD", upload).tus().send().header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(patch(upload, 3, "x".getBytes()).header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(server.request("HEAD", "/files/ffff").tus().send().header("Tus-Resumable")).isEqualTo("1.0.0");
  }

  @Test
  @DisplayName("#29 creation: 201 with an absolute Location naming an ID of the store's form")
  void creationReturnsLocation() throws IOException {
    Response r = server.request("POST", "/files/").tus().header("Upload-Length", 10).send();
    assertThat(r.status).isEqualTo(201);
    assertThat(r.header("Location")).matches("http://127\\.0\\.0\\.1:\\d+/files/" + store.idPattern());
    assertThat(server.request("POST", "/files").tus().header("Upload-Length", 10).send().status)
        .as("collection without trailing slash").isEqualTo(201);
  }

  @Test
  @DisplayName("IDs are unguessable: 128 random bits (32 hex digits first), never repeated")
  void idsAreRandom() throws IOException {
    String a = TestServer.idOf(server.create(1));
    String b = TestServer.idOf(server.create(1));
    assertThat(a).isNotEqualTo(b).matches(store.idPattern()).matches("[0-9a-f]{32}.*");
    assertThat(a.substring(0, 32)).isNotEqualTo(b.substring(0, 32));
  }

  @Test
  @DisplayName("#29 an ID the pre-create hook chose that another upload holds: 409 without the ID, nothing overwritten")
  void hookChosenIdInUseIs409() throws IOException {
    server.close();
    Hooks choosing = new Hooks() {
      @Override
      public Creation preCreate(HookRequest request, UploadInfo upload) {
        return new Creation("chosen-by-hook", null, null);
      }
    };
    server = TestServer.start(store, dir, b -> b.maxSize(1_000_000).hooks(choosing));
    Response first = server.request("POST", "/files/").tus().header("Upload-Length", 6).send();
    assertThat(first.status).isEqualTo(201);
    String upload = TestServer.pathOf(first.header("Location"));
    assertThat(TestServer.idOf(upload)).startsWith("chosen-by-hook");
    assertThat(patch(upload, 0, "abc".getBytes()).status).isEqualTo(204);
    long stored = storedFiles();

    Response taken = server.request("POST", "/files/").tus().header("Upload-Length", 9)
        .header("Content-Type", "application/offset+octet-stream").body("overwrite").send();
    assertThat(taken.status).isEqualTo(409);
    assertThat(taken.text()).contains("already in use").doesNotContain("chosen-by-hook");
    assertThat(taken.has("Location")).isFalse();

    assertThat(storedFiles()).as("nothing created").isEqualTo(stored);
    Response head = server.request("HEAD", upload).tus().send();
    assertThat(head.header("Upload-Offset")).isEqualTo("3");
    assertThat(head.header("Upload-Length")).isEqualTo("6");
    assertThat(patch(upload, 3, "def".getBytes()).status).isEqualTo(204);
    assertThat(server.stored().text(upload)).isEqualTo("abcdef");
  }

  @Test
  @DisplayName("#24 creation needs exactly one of Upload-Length and Upload-Defer-Length")
  void creationNeedsOneLength() throws IOException {
    assertThat(server.request("POST", "/files/").tus().send().status).isEqualTo(400);
    assertThat(server.request("POST", "/files/").tus().header("Upload-Length", 5)
        .header("Upload-Defer-Length", 1).send().status).isEqualTo(400);
    assertThat(storedFiles()).isZero();
  }

  @Test
  @DisplayName("#23 Upload-Defer-Length other than 1 is a 400")
  void deferLengthMustBeOne() throws IOException {
    assertThat(server.request("POST", "/files/").tus().header("Upload-Defer-Length", 2).send().status)
        .isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "-1", "1e3", "0x10", "12a", " ", "1.5", "+5",
      "9223372036854775808"})
  @DisplayName("#1 absurd Upload-Length values get 400, never 500")
  void absurdLengthsAre400(String value) throws IOException {
    Response r = server.request("POST", "/files/").tus().header("Upload-Length", value).send();
    assertThat(r.status).isEqualTo(400);
    assertThat(r.text()).contains("Upload-Length");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "-1", "1e3", "", "abc"})
  @DisplayName("#1 absurd Upload-Offset values get 400, never 500")
  void absurdOffsetsAre400(String value) throws IOException {
    String upload = server.create(5);
    Response r = server.request("PATCH", upload).tus().header("Upload-Offset", value)
        .header("Content-Type", "application/offset+octet-stream").body("hello").send();
    assertThat(r.status).isEqualTo(400);
  }

  @Test
  @DisplayName("#28 Upload-Length over the maximum size: 413")
  void overMaxSizeIs413() throws IOException {
    Response r = server.request("POST", "/files/").tus().header("Upload-Length", 1_000_001).send();
    assertThat(r.status).isEqualTo(413);
    assertThat(server.request("POST", "/files/").tus().header("Upload-Length", 1_000_000).send().status)
        .isEqualTo(201);
  }

  @Test
  @DisplayName("#26 #8 #9 Upload-Length 0 is complete at once; HEAD shows offset and length 0")
  void zeroLengthIsComplete() throws IOException {
    String upload = server.create(0);
    Response head = server.request("HEAD", upload).tus().send();
    assertThat(head.header("Upload-Offset")).isEqualTo("0");
    assertThat(head.header("Upload-Length")).isEqualTo("0");
    assertThat(server.request("GET", upload).send().status).isEqualTo(200);
  }

  @Test
  @DisplayName("#8 #11 #12 HEAD: 200, Upload-Offset also when 0, Cache-Control no-store")
  void headShowsState() throws IOException {
    String upload = server.create(10);
    Response head = server.request("HEAD", upload).tus().send();
    assertThat(head.status).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo("0");
    assertThat(head.header("Upload-Length")).isEqualTo("10");
    assertThat(head.header("Cache-Control")).isEqualTo("no-store");
    assertThat(head.has("Upload-Defer-Length")).isFalse();
  }

  @Test
  @DisplayName("#10 HEAD on an unknown upload: 404 without Upload-Offset")
  void headUnknownIs404() throws IOException {
    Response head = server.request("HEAD", "/files/0123456789abcdef0123456789abcdef").tus().send();
    assertThat(head.status).isEqualTo(404);
    assertThat(head.has("Upload-Offset")).isFalse();
  }

  @Test
  @DisplayName("#27 #30 metadata is echoed; a key may have no value")
  void metadataIsEchoed() throws IOException {
    String metadata = "filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential,emoji 8J+YgA==";
    Response created = server.request("POST", "/files/").tus().header("Upload-Length", 1)
        .header("Upload-Metadata", metadata).send();
    Response head = server.request("HEAD", TestServer.pathOf(created.header("Location"))).tus().send();
    assertThat(head.header("Upload-Metadata")).isEqualTo(metadata);
  }

  @Test
  @DisplayName("#27 #30 metadata values are bytes: values that are not UTF-8 are stored and echoed exactly")
  void binaryMetadataIsEchoedExactly() throws IOException {
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 'A', (byte) 0xe2, (byte) 0x82, 'A', (byte) 0xc3, (byte) 0xa9};
    String metadata = "bin " + Base64.getEncoder().encodeToString(binary) + ",one /w==,text "
        + Base64.getEncoder().encodeToString("h\u00e9llo".getBytes(StandardCharsets.UTF_8)) + ",flag,surrogate "
        + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
    Response created = server.request("POST", "/files/").tus().header("Upload-Length", 1)
        .header("Upload-Metadata", metadata).send();
    assertThat(created.status).as(created.toString()).isEqualTo(201);
    String upload = TestServer.pathOf(created.header("Location"));
    assertThat(server.request("HEAD", upload).tus().send().header("Upload-Metadata")).isEqualTo(metadata);
    server.close();
    server = TestServer.start(store, dir, b -> b.maxSize(1_000_000));
    assertThat(server.request("HEAD", upload).tus().send().header("Upload-Metadata")).as("after a restart")
        .isEqualTo(metadata);
  }

  @ParameterizedTest
  @ValueSource(strings = {"filename !!!notbase64", "a b c", "key dmFs,key dmFs", ",", "filename dmFs,",
      "ключ dmFs", "key dmFs===", "k\tx dmFs", "key dmE", "key dmE=x"})
  @DisplayName("#30 malformed Upload-Metadata is a 400 and nothing is stored")
  void malformedMetadataIs400(String metadata) throws IOException {
    Response r = server.request("POST", "/files/").tus().header("Upload-Length", 1)
        .header("Upload-Metadata", metadata).send();
    assertThat(r.status).isEqualTo(400);
    assertThat(storedFiles()).isZero();
  }

  @Test
  @DisplayName("#14 PATCH with a wrong Content-Type: 415")
  void patchWrongContentTypeIs415() throws IOException {
    String upload = server.create(5);
    Response r = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/octet-stream").body("hello").send();
    assertThat(r.status).isEqualTo(415);
    Response none = server.request("PATCH", upload).tus().header("Upload-Offset", 0).body("hello").send();
    assertThat(none.status).isEqualTo(415);
  }

  @Test
  @DisplayName("#16 PATCH: 204 with the new offset; data stored byte for byte")
  void patchAppends() throws IOException {
    String upload = server.create(11);
    Response first = patch(upload, 0, "hello ".getBytes());
    assertThat(first.status).isEqualTo(204);
    assertThat(first.header("Upload-Offset")).isEqualTo("6");
    Response second = patch(upload, 6, "world".getBytes());
    assertThat(second.header("Upload-Offset")).isEqualTo("11");
    assertThat(server.stored().text(upload)).isEqualTo("hello world");
    assertThat(server.request("GET", upload).send().text()).isEqualTo("hello world");
  }

  @Test
  @DisplayName("#15 PATCH at the wrong offset: 409, upload unmodified")
  void offsetMismatchIs409() throws IOException {
    String upload = server.create(10);
    patch(upload, 0, "abc".getBytes());
    Response r = patch(upload, 1, "XYZ".getBytes());
    assertThat(r.status).isEqualTo(409);
    // the content once finished: a store may not read an unfinished upload back (Azure's uncommitted blocks)
    assertThat(server.stored().size(upload)).isEqualTo(3);
    assertThat(patch(upload, 3, "defghij".getBytes()).status).isEqualTo(204);
    assertThat(server.stored().text(upload)).isEqualTo("abcdefghij");
  }

  @Test
  @DisplayName("#17 PATCH on an unknown upload: 404")
  void patchUnknownIs404() throws IOException {
    assertThat(patch("/files/0123456789abcdef0123456789abcdef", 0, "x".getBytes()).status).isEqualTo(404);
  }

  @Test
  @DisplayName("#13 #7 X-HTTP-Method-Override: a POST carrying PATCH is a PATCH (tus-java-client)")
  void methodOverride() throws IOException {
    String upload = server.create(5);
    Response r = server.request("POST", upload).tus().header("X-HTTP-Method-Override", "PATCH")
        .header("Upload-Offset", 0).header("Content-Type", "application/offset+octet-stream").body("hello").send();
    assertThat(r.status).isEqualTo(204);
    assertThat(r.header("Upload-Offset")).isEqualTo("5");
    Response head = server.request("POST", upload).tus().header("X-HTTP-Method-Override", "HEAD").send();
    assertThat(head.header("Upload-Offset")).isEqualTo("5");
  }

  @Test
  @DisplayName("a body longer than Content-Length allows for the upload: 413 before reading, nothing stored")
  void declaredBodyTooLargeIs413() throws IOException {
    String upload = server.create(5);
    Response r = patch(upload, 0, "hello world".getBytes());
    assertThat(r.status).isEqualTo(413);
    assertThat(server.stored().size(upload)).isZero();
  }

  @Test
  @DisplayName("a chunked body longer than the upload: 413, exactly the declared bytes kept")
  void chunkedBodyTooLargeIs413() throws IOException {
    String upload = server.create(5);
    Response r = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream")
        .chunkedBody("hello world".getBytes(), null).send();
    assertThat(r.status).isEqualTo(413);
    assertThat(server.stored().text(upload)).isEqualTo("hello");
  }

  @Test
  @DisplayName("PATCH on a finished upload with more data: 413; with an empty body: 204")
  void patchOnFinishedUpload() throws IOException {
    String upload = server.create(2);
    patch(upload, 0, "ab".getBytes());
    assertThat(patch(upload, 2, "c".getBytes()).status).isEqualTo(413);
    assertThat(patch(upload, 2, new byte[0]).status).isEqualTo(204);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/files/..", "/files/%2e%2e", "/files/%2E%2E/%2E%2E/etc/passwd", "/files/%00",
      "/files/abc%00def", "/files/a/b", "/files/../../etc/passwd", "/files/.hidden", "/files/%2fetc%2fpasswd",
      "/files/abc.info", "/files/x..y", "/files/%", "/files/%zz", "/files/a%20b", "/elsewhere"})
  @DisplayName("odd or hostile upload paths: 404/400, never 500, nothing outside the directory touched")
  void hostilePathsAreRefused(String path) throws IOException {
    Files.writeString(dir.resolve("abc.info"), "{\"ID\":\"abc\",\"Size\":3}");
    for (String method : new String[] {"HEAD", "PATCH", "GET", "DELETE"}) {
      Response r = server.request(method, path).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").body("x").send();
      assertThat(r.status).as(method + " " + path).isIn(400, 404);
    }
    assertThat(Files.exists(dir.resolve("abc.info"))).isTrue();
  }

  @Test
  @DisplayName("an over-long ID is a 404")
  void overLongIdIs404() throws IOException {
    assertThat(server.request("HEAD", "/files/" + "a".repeat(300)).tus().send().status).isEqualTo(404);
    assertThat(server.request("HEAD", "/files/" + "a".repeat(5000)).tus().send().status).isIn(400, 404, 414);
  }

  @Test
  @DisplayName("a 64 KiB header is refused with 431 or 400, and the server keeps serving")
  void hugeHeaderIsRefused() throws IOException {
    String big = "a".repeat(64 * 1024);
    int status;
    try {
      status = server.request("POST", "/files/").tus().header("Upload-Length", 1)
          .header("Upload-Metadata", "k " + big).send().status;
    } catch (IOException closed) {
      status = -1;
    }
    assertThat(status).isIn(400, 431, -1);
    assertThat(server.request("OPTIONS", "/files/").send().status).isEqualTo(204);
  }

  @Test
  @DisplayName("repeated tus headers are ambiguous: 400")
  void repeatedHeadersAre400() throws IOException {
    Response r = server.request("POST", "/files/").tus().header("Upload-Length", 5).header("Upload-Length", 6)
        .send();
    assertThat(r.status).isEqualTo(400);
  }

  @Test
  @DisplayName("unsupported methods: 405 with Allow")
  void unsupportedMethodIs405() throws IOException {
    Response r = server.request("PUT", "/files/").tus().body("x").send();
    assertThat(r.status).isEqualTo(405);
    assertThat(r.header("Allow")).contains("POST");
    String upload = server.create(1);
    Response onUpload = server.request("POST", upload).tus().send();
    assertThat(onUpload.status).isEqualTo(405);
    assertThat(onUpload.header("Allow")).contains("PATCH");
  }

  @Test
  @DisplayName("error bodies are one line of text, never a stack trace")
  void errorBodiesAreOneLine() throws IOException {
    Response r = server.request("POST", "/files/").tus().header("Upload-Length", "-1").send();
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.text().strip()).doesNotContain("\n").doesNotContain("Exception");
    assertThat(new String(r.body, StandardCharsets.UTF_8)).endsWith("\n");
  }
}
