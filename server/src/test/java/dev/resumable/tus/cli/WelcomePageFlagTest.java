package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.welcome.WelcomePage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The welcome page over HTTP from the real command line (in-process, loopback): what {@code GET /} and its assets
 * answer, {@code -show-greeting} / {@code TUS_SHOW_GREETING}, {@code -base-path}, {@code -max-size} and
 * {@code -behind-proxy}. The page in a browser is {@code welcome.WelcomePageBrowserTest}.
 */
class WelcomePageFlagTest {
  private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/[^\"]*welcome-[A-Z0-9]+\\.(?:js|css))\"");

  @TempDir
  Path dir;
  final List<ServerCommand.Running> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(r -> r.server.close());
  }

  private int start(Map<String, String> env, String... flags) throws IOException {
    List<String> args = new ArrayList<>(List.of("-host", "127.0.0.1", "-port", "0", "-upload-dir",
        dir.resolve("data").toString()));
    args.addAll(List.of(flags));
    ServerCommand.Running r = Launch.start(env, args.toArray(new String[0]));
    running.add(r);
    return r.server.port();
  }

  private int start(String... flags) throws IOException {
    return start(Map.of(), flags);
  }

  private static Response get(int port, String path, String... headers) throws IOException {
    RawHttp request = RawHttp.to(port).request("GET", path);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.send();
  }

  private static List<String> assets(String html) {
    List<String> found = new ArrayList<>();
    Matcher m = ASSET.matcher(html);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  @Test
  @DisplayName("on by default: GET / is the page with a strict CSP, revalidated by ETag; its assets are immutable")
  void pageAndAssets() throws IOException {
    int port = start();
    Response page = get(port, "/");
    assertThat(page.status).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.header("Content-Security-Policy")).isEqualTo(WelcomePage.CONTENT_SECURITY_POLICY);
    assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.text()).contains("data-endpoint=\"/files/\"", "data-max-size=\"0\"", "no limit",
        "creation, creation-with-upload");
    List<String> assets = assets(page.text());
    assertThat(assets).hasSize(2).anyMatch(a -> a.endsWith(".js")).anyMatch(a -> a.endsWith(".css"));

    String etag = page.header("ETag");
    assertThat(get(port, "/", "If-None-Match", etag).status).isEqualTo(304);

    for (String asset : assets) {
      Response plain = get(port, asset);
      assertThat(plain.status).as(asset).isEqualTo(200);
      assertThat(plain.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(plain.header("Content-Type")).startsWith(asset.endsWith(".js") ? "text/javascript" : "text/css");
      assertThat(plain.has("Content-Encoding")).isFalse();
      Response zipped = get(port, asset, "Accept-Encoding", "br, gzip;q=0.8");
      assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(zipped.header("Vary")).contains("Accept-Encoding");
      assertThat(zipped.body.length).as("gzip saves most of it").isLessThan(plain.body.length / 2);
      assertThat(gunzip(zipped.body)).isEqualTo(plain.body);
      assertThat(zipped.header("ETag")).isNotEqualTo(plain.header("ETag"));
      assertThat(get(port, asset, "Accept-Encoding", "gzip;q=0").has("Content-Encoding")).isFalse();
      assertThat(get(port, asset, "Accept-Encoding", "gzip", "If-None-Match", zipped.header("ETag")).status)
          .isEqualTo(304);
    }
    assertThat(get(port, "/welcome-NOPE.js").status).isEqualTo(404);
    Matcher licenses = Pattern.compile("href=\"(/welcome-licenses-[0-9a-f]+\\.txt)\"").matcher(page.text());
    assertThat(licenses.find()).as("the page links the bundled packages' licenses").isTrue();
    Response notices = get(port, licenses.group(1));
    assertThat(notices.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(notices.text()).contains("@uppy/core", "@uppy/tus", "tus-js-client", "preact", "MIT");
  }

  @Test
  @DisplayName("HEAD answers the headers only; other methods on the page get 405 with Allow")
  void methods() throws IOException {
    int port = start();
    Response head = RawHttp.to(port).request("HEAD", "/").send();
    assertThat(head.status).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(get(port, "/").body.length));
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      Response refused = RawHttp.to(port).request(method, "/").send();
      assertThat(refused.status).as(method).isEqualTo(405);
      assertThat(refused.header("Allow")).isEqualTo("GET, HEAD");
    }
  }

  @Test
  @DisplayName("-show-greeting=false and TUS_SHOW_GREETING=false turn it off: GET / and the assets are 404")
  void turnedOff() throws IOException {
    String asset = assets(get(start(), "/").text()).get(0);
    int off = start("-show-greeting=false");
    assertThat(get(off, "/").status).isEqualTo(404);
    assertThat(get(off, asset).status).isEqualTo(404);
    int env = start(Map.of("TUS_SHOW_GREETING", "false"));
    assertThat(get(env, "/").status).isEqualTo(404);
    int bare = start("-show-greeting");
    assertThat(get(bare, "/").status).isEqualTo(200);
  }

  @Test
  @DisplayName("the page uploads to -base-path and notes -max-size")
  void basePathAndMaxSize() throws IOException {
    int port = start("-base-path", "/uploads/", "-max-size", "10GiB");
    String html = get(port, "/").text();
    assertThat(html).contains("data-endpoint=\"/uploads/\"", "data-max-size=\"10737418240\"",
        "10 GiB (10737418240 bytes)");
  }

  @Test
  @DisplayName("with -base-path / the collection is /, so no page: POST / still creates uploads")
  void basePathRoot() throws IOException {
    int port = start("-base-path", "/");
    Response created = RawHttp.to(port).request("POST", "/").tus().header("Upload-Length", 1).send();
    assertThat(created.status).isEqualTo(201);
    assertThat(get(port, "/").has("Content-Security-Policy")).isFalse();
  }

  @Test
  @DisplayName("with -behind-proxy the page's paths carry a valid X-Forwarded-Prefix; without it the header is ignored")
  void behindProxy() throws IOException {
    int proxied = start("-behind-proxy");
    Response prefixed = get(proxied, "/", "X-Forwarded-Prefix", "/tus/");
    assertThat(prefixed.text()).contains("data-endpoint=\"/tus/files/\"");
    assertThat(assets(prefixed.text())).hasSize(2).allMatch(a -> a.startsWith("/tus/welcome-"));
    assertThat(prefixed.header("Vary")).contains("X-Forwarded-Prefix");
    assertThat(get(proxied, "/", "X-Forwarded-Prefix", "/a\"><script>").text())
        .contains("data-endpoint=\"/files/\"").doesNotContain("<script>");
    assertThat(get(proxied, "/").text()).contains("data-endpoint=\"/files/\"");

    int direct = start();
    assertThat(get(direct, "/", "X-Forwarded-Prefix", "/tus").text()).contains("data-endpoint=\"/files/\"");
  }
}
