package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.StoreContract;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GET download: ranges, and content headers that never let an uploaded page run in the server's origin. */
@StoreContract
class DownloadTest extends StoreServerTest {
  private String upload(String content, String filename, String filetype) throws IOException {
    StringBuilder metadata = new StringBuilder();
    if (filename != null) {
      metadata.append("filename ").append(b64(filename));
    }
    if (filetype != null) {
      metadata.append(metadata.length() > 0 ? "," : "").append("filetype ").append(b64(filetype));
    }
    var request = server.request("POST", "/files/").tus().header("Upload-Length", content.length())
        .header("Content-Type", "application/offset+octet-stream").body(content);
    if (metadata.length() > 0) {
      request.header("Upload-Metadata", metadata.toString());
    }
    return TestServer.pathOf(request.send().header("Location"));
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a safe type is served inline with its name")
  void safeTypeInline() throws IOException {
    server = TestServer.start(store, dir);
    String path = upload("PNGDATA", "cat.png", "image/png");
    Response r = server.request("GET", path).send();
    assertThat(r.status).isEqualTo(200);
    assertThat(r.text()).isEqualTo("PNGDATA");
    assertThat(r.header("Content-Type")).isEqualTo("image/png");
    assertThat(r.header("Content-Disposition")).isEqualTo("inline; filename=\"cat.png\"; filename*=UTF-8''cat.png");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
  }

  @Test
  @DisplayName("HTML and other active types are attachments, sandboxed, never sniffed")
  void htmlIsAttachment() throws IOException {
    server = TestServer.start(store, dir);
    Response r = server.request("GET", upload("<script>alert(1)</script>", "x.html", "text/html")).send();
    assertThat(r.header("Content-Disposition")).startsWith("attachment;");
    assertThat(r.header("Content-Security-Policy")).contains("sandbox");
    Response svg = server.request("GET", upload("<svg/>", "x.svg", "image/svg+xml")).send();
    assertThat(svg.header("Content-Disposition")).startsWith("attachment;");
  }

  @Test
  @DisplayName("malformed types become application/octet-stream; hostile names are sanitised")
  void hostileMetadataIsSanitised() throws IOException {
    server = TestServer.start(store, dir);
    Response r = server.request("GET", upload("x", "../../etc/\"evil\";.txt", "text/plain\r\nX-Evil: 1")).send();
    assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"_evil__.txt\"; filename*=UTF-8''%22evil%22%3B.txt");
    assertThat(r.has("X-Evil")).isFalse();
    Response unicode = server.request("GET", upload("x", "résumé.pdf", "application/pdf")).send();
    assertThat(unicode.header("Content-Disposition"))
        .isEqualTo("inline; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf");
  }

  @Test
  @DisplayName("without metadata: octet-stream attachment")
  void noMetadata() throws IOException {
    server = TestServer.start(store, dir);
    Response r = server.request("GET", upload("data", null, null)).send();
    assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.header("Content-Disposition")).isEqualTo("attachment");
  }

  @Test
  @DisplayName("Range: single ranges give 206 with Content-Range; unsatisfiable 416; multi-range whole")
  void ranges() throws IOException {
    server = TestServer.start(store, dir);
    String path = upload("0123456789", null, null);
    Response middle = server.request("GET", path).header("Range", "bytes=2-5").send();
    assertThat(middle.status).isEqualTo(206);
    assertThat(middle.text()).isEqualTo("2345");
    assertThat(middle.header("Content-Range")).isEqualTo("bytes 2-5/10");
    assertThat(server.request("GET", path).header("Range", "bytes=7-").send().text()).isEqualTo("789");
    assertThat(server.request("GET", path).header("Range", "bytes=-3").send().text()).isEqualTo("789");
    assertThat(server.request("GET", path).header("Range", "bytes=8-100").send().text()).isEqualTo("89");
    Response beyond = server.request("GET", path).header("Range", "bytes=10-").send();
    assertThat(beyond.status).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */10");
    Response multi = server.request("GET", path).header("Range", "bytes=0-1,4-5").send();
    assertThat(multi.status).isEqualTo(200);
    assertThat(multi.text()).isEqualTo("0123456789");
    assertThat(server.request("GET", path).header("Range", "bytes=99999999999999999999-").send().status)
        .isIn(200, 416);
  }

  @Test
  @DisplayName("an unfinished upload is not downloadable (409); unknown 404")
  void unfinished() throws IOException {
    server = TestServer.start(store, dir);
    assertThat(server.request("GET", server.create(10)).send().status).isEqualTo(409);
    assertThat(server.request("GET", "/files/0123456789abcdef0123456789abcdef").send().status).isEqualTo(404);
  }

  @Test
  @DisplayName("-disable-download: GET is 405")
  void downloadDisabled() throws IOException {
    server = TestServer.start(store, dir, b -> b.download(false));
    assertThat(server.request("GET", upload("abc", null, null)).send().status).isEqualTo(405);
  }
}
