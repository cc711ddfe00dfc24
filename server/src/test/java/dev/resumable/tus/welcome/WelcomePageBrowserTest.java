package dev.resumable.tus.welcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.resumable.tus.cli.ChildJvm;
import dev.resumable.tus.interop.Digests;
import dev.resumable.tus.testing.RawHttp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The welcome page in a real browser: headless Chromium (Debian's {@code chromium}, driven by npm
 * {@code playwright-core} through {@code server/src/test/node/welcome-browser.js}) loads {@code GET /} from the real
 * executable running in a child JVM, picks a file in Uppy's Dashboard and uploads it with {@code @uppy/tus}.
 * Screenshots go to {@code target/welcome-browser/} (the one in {@code docs/} is a copy).
 */
class WelcomePageBrowserTest {
  private static final int SIZE = 20 * 1024 * 1024;
  private static final Path OUTPUT = Path.of(System.getProperty("basedir", "."), "target", "welcome-browser");

  @TempDir
  Path tmp;

  @Test
  @DisplayName("20 MiB from the page: paused near half, server killed and restarted, resumed, stored byte-exact")
  void pauseRestartResume() throws Exception {
    Path source = tmp.resolve("twenty-mebibytes.bin");
    byte[] bytes = Digests.randomFile(source, SIZE, 15);
    Path store = tmp.resolve("store");
    Path logs = tmp.resolve("logs");
    Files.createDirectories(OUTPUT);
    int port = ChildJvm.freePort();
    String origin = "http://127.0.0.1:" + port;

    Map<String, Object> options = new LinkedHashMap<>();
    options.put("url", origin + "/");
    options.put("chromium", BrowserDriver.chromium().toString());
    options.put("file", source.toString());
    options.put("pauseAt", 45);
    // 2 MiB/s: the 20 MiB take about 10 s, so the pause lands mid-upload on loopback even on a loaded machine
    options.put("uploadBytesPerSecond", 2 * 1024 * 1024);
    options.put("pausedScreenshot", OUTPUT.resolve("welcome-page-paused.png").toString());
    options.put("screenshot", OUTPUT.resolve("welcome-page.png").toString());

    ChildJvm server = startServer(logs, store, port);
    try (BrowserDriver browser = BrowserDriver.start(logs, options)) {
      JsonNode loaded = browser.await("loaded", Duration.ofSeconds(60));
      assertThat(loaded.path("status").asInt()).isEqualTo(200);

      JsonNode paused = browser.await("paused", Duration.ofSeconds(120));
      assertThat(paused.path("progress").asInt()).as("paused near half").isBetween(20, 90);
      String uploadUrl = paused.path("uploadUrl").asText();
      assertThat(uploadUrl).startsWith(origin + "/files/");
      String path = URI.create(uploadUrl).getPath();
      String id = path.substring("/files/".length());

      long offset = settledOffset(port, path);
      assertThat(offset).as("the server holds part of the file while the page is paused").isBetween(1L, SIZE - 1L);

      server.kill();
      Path data = store.resolve(id);
      assertThat(Files.size(data)).as("what the killed server stored").isEqualTo(offset);
      byte[] stored = Files.readAllBytes(data);
      assertThat(Arrays.equals(stored, 0, stored.length, bytes, 0, stored.length))
          .as("the stored bytes are the file's prefix").isTrue();

      server = startServer(logs, store, port);
      RawHttp.Response head = RawHttp.to(port).request("HEAD", path).tus().send();
      assertThat(head.header("Upload-Offset")).as("the restarted server's offset").isEqualTo(String.valueOf(offset));

      browser.send("resume");
      JsonNode complete = browser.await("complete", Duration.ofSeconds(120));
      assertThat(complete.path("url").asText()).as("the page shows the upload URL").isEqualTo(uploadUrl);
      JsonNode report = browser.await("report", Duration.ofSeconds(30));
      assertThat(browser.awaitExit(Duration.ofSeconds(30))).as(browser.stderrText()).isZero();

      assertThat(Digests.sha256(data)).as("stored bytes").isEqualTo(Digests.sha256(bytes));
      RawHttp.Response download = RawHttp.to(port).request("GET", path).timeout(60_000).send();
      assertThat(Digests.sha256(download.body)).as("downloaded bytes").isEqualTo(Digests.sha256(bytes));

      List<JsonNode> requests = list(report.path("requests"));
      assertThat(requests.stream().filter(r -> r.path("method").asText().equals("POST")))
          .as("one upload created: %s", requests).hasSize(1);
      List<JsonNode> patches = requests.stream().filter(r -> r.path("method").asText().equals("PATCH")).toList();
      assertThat(patches).as("PATCHes %s", patches).isNotEmpty();
      assertThat(patches.get(0).path("uploadOffset").asText()).isEqualTo("0");
      assertThat(patches.stream().skip(1).map(p -> p.path("uploadOffset").asText()))
          .as("after the restart the page resumed from the server's offset, not from 0")
          .contains(String.valueOf(offset)).doesNotContain("0");
      int lastHead = lastIndexOf(requests, "HEAD");
      int lastPatch = lastIndexOf(requests, "PATCH");
      assertThat(lastHead).as("resuming asks the server for its offset first: %s", requests)
          .isBetween(0, lastPatch - 1);
      assertThat(requests).allSatisfy(r -> assertThat(fromOrigin(origin, r.path("url").asText())).as(r.toString()).isTrue());
      assertThat(list(report.path("violations"))).as("CSP violations").isEmpty();
      assertThat(errors(report)).as("console errors").isEmpty();
      assertThat(OUTPUT.resolve("welcome-page.png")).isNotEmptyFile();
    } finally {
      server.close();
    }
  }

  @Test
  @DisplayName("server killed mid-upload without a pause: the page retries on its own and completes byte-exact")
  void killedMidUploadRetried() throws Exception {
    Path source = tmp.resolve("twenty-mebibytes.bin");
    byte[] bytes = Digests.randomFile(source, SIZE, 17);
    Path store = tmp.resolve("store");
    Path logs = tmp.resolve("logs");
    int port = ChildJvm.freePort();
    String origin = "http://127.0.0.1:" + port;

    Map<String, Object> options = new LinkedHashMap<>();
    options.put("url", origin + "/");
    options.put("chromium", BrowserDriver.chromium().toString());
    options.put("file", source.toString());
    options.put("reportAt", 30);
    options.put("uploadBytesPerSecond", 2 * 1024 * 1024);

    ChildJvm server = startServer(logs, store, port);
    try (BrowserDriver browser = BrowserDriver.start(logs, options)) {
      JsonNode reached = browser.await("reached", Duration.ofSeconds(120));
      String uploadUrl = reached.path("uploadUrl").asText();
      assertThat(uploadUrl).startsWith(origin + "/files/");
      String path = URI.create(uploadUrl).getPath();

      server.kill();
      long stored = Files.size(store.resolve(path.substring("/files/".length())));
      assertThat(stored).as("killed mid-upload").isBetween(1L, SIZE - 1L);
      server = startServer(logs, store, port);

      JsonNode complete = browser.await("complete", Duration.ofSeconds(120));
      assertThat(complete.path("url").asText()).isEqualTo(uploadUrl);
      JsonNode report = browser.await("report", Duration.ofSeconds(30));
      assertThat(browser.awaitExit(Duration.ofSeconds(30))).as(browser.stderrText()).isZero();

      assertThat(Digests.sha256(store.resolve(path.substring("/files/".length()))))
          .isEqualTo(Digests.sha256(bytes));
      List<JsonNode> requests = list(report.path("requests"));
      assertThat(requests.stream().filter(r -> r.path("method").asText().equals("POST"))).hasSize(1);
      assertThat(requests.stream().filter(r -> r.path("method").asText().equals("PATCH"))
          .map(r -> Long.parseLong(r.path("uploadOffset").asText())))
          .as("after the restart a PATCH resumed at the bytes stored before the kill: %s", requests)
          .contains(stored);
      assertThat(requests).allSatisfy(r -> assertThat(fromOrigin(origin, r.path("url").asText())).as(r.toString()).isTrue());
    } finally {
      server.close();
    }
  }

  @Test
  @DisplayName("the page loads nothing from elsewhere: every request goes to the server's origin, under a strict CSP")
  void noExternalResources() throws Exception {
    // an image, so the Dashboard also makes a thumbnail (blob: and data: URLs under the CSP)
    Path source = tmp.resolve("picture.png");
    byte[] bytes = picture(source);
    Path store = tmp.resolve("store");
    Path logs = tmp.resolve("logs");
    int port = ChildJvm.freePort();
    String origin = "http://127.0.0.1:" + port;

    ChildJvm server = startServer(logs, store, port, "-max-size", "1GiB");
    try (BrowserDriver browser = BrowserDriver.start(logs, Map.of("url", origin + "/", "chromium",
        BrowserDriver.chromium().toString(), "file", source.toString(), "expectPreview", true,
        "timeoutMs", 60_000))) {
      JsonNode loaded = browser.await("loaded", Duration.ofSeconds(60));
      String csp = loaded.path("headers").path("content-security-policy").asText();
      assertThat(csp).isEqualTo(WelcomePage.CONTENT_SECURITY_POLICY);
      assertThat(directives(csp)).containsEntry("default-src", "'none'").containsEntry("script-src", "'self'")
          .containsEntry("style-src", "'self'").containsEntry("connect-src", "'self'")
          .containsEntry("frame-ancestors", "'none'");
      assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");

      JsonNode complete = browser.await("complete", Duration.ofSeconds(60));
      assertThat(complete.path("preview").path("width").asInt()).as("thumbnail shown: %s", complete).isPositive();
      JsonNode report = browser.await("report", Duration.ofSeconds(30));
      assertThat(browser.awaitExit(Duration.ofSeconds(30))).as(browser.stderrText()).isZero();

      List<JsonNode> requests = list(report.path("requests"));
      assertThat(requests).as("every request the page made").isNotEmpty()
          .allSatisfy(r -> assertThat(fromOrigin(origin, r.path("url").asText())).as(r.toString()).isTrue());
      assertThat(requests.stream().map(r -> r.path("resourceType").asText()))
          .contains("document", "script", "stylesheet", "xhr", "image");
      assertThat(requests.stream().filter(r -> !r.path("url").asText().startsWith(origin + "/")))
          .as("the only requests not to the origin's URLs are the thumbnail's blob: of the same origin")
          .allSatisfy(r -> assertThat(r.path("url").asText()).startsWith("blob:" + origin + "/"));
      assertThat(list(report.path("failed"))).as("failed requests").isEmpty();
      assertThat(list(report.path("violations"))).as("CSP violations").isEmpty();
      assertThat(errors(report)).as("console errors").isEmpty();

      String html = RawHttp.to(port).request("GET", "/").send().text();
      assertThat(html).contains("1 GiB (1073741824 bytes)");
      Matcher scripts = Pattern.compile("<script\\b[^>]*>").matcher(html);
      int count = 0;
      while (scripts.find()) {
        count++;
        assertThat(scripts.group()).as("no inline script").containsPattern("\\bsrc=\"/welcome-[A-Z0-9]+\\.js\"");
      }
      assertThat(count).isEqualTo(1);
      assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContainPattern("(?i)\\sstyle=");

      String path = URI.create(complete.path("url").asText()).getPath();
      assertThat(Digests.sha256(store.resolve(path.substring("/files/".length()))))
          .isEqualTo(Digests.sha256(bytes));
    } finally {
      server.close();
    }
  }

  /** Writes a 640x480 PNG (a gradient with noise, so it is not tiny) and returns its bytes. */
  private static byte[] picture(Path file) throws IOException {
    BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(16);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, (x * 255 / 640) << 16 | (y * 255 / 480) << 8 | random.nextInt(64));
      }
    }
    ImageIO.write(image, "png", file.toFile());
    return Files.readAllBytes(file);
  }

  private static ChildJvm startServer(Path logs, Path store, int port, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("-host", "127.0.0.1", "-port", String.valueOf(port),
        "-upload-dir", store.toString()));
    args.addAll(List.of(flags));
    return ChildJvm.start(logs, args.toArray(new String[0])).awaitReady(port, "/files/", Duration.ofSeconds(60));
  }

  /** The upload's offset once it stops moving (the paused request's last bytes may still be landing). */
  private static long settledOffset(int port, String path) throws IOException, InterruptedException {
    long previous = -1;
    for (int i = 0; i < 100; i++) {
      long now = Long.parseLong(RawHttp.to(port).request("HEAD", path).tus().send().header("Upload-Offset"));
      if (now == previous) {
        return now;
      }
      previous = now;
      Thread.sleep(300);
    }
    throw new AssertionError("the offset kept moving while the page was paused");
  }

  /** The server's origin, a blob: URL of the page's own origin (thumbnails), or inline data. */
  private static boolean fromOrigin(String origin, String url) {
    return url.startsWith(origin + "/") || url.startsWith("blob:" + origin + "/") || url.startsWith("data:");
  }

  private static Map<String, String> directives(String csp) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String directive : csp.split(";")) {
      String[] parts = directive.trim().split(" ", 2);
      map.put(parts[0], parts.length > 1 ? parts[1] : "");
    }
    return map;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static int lastIndexOf(List<JsonNode> requests, String method) {
    for (int i = requests.size() - 1; i >= 0; i--) {
      if (requests.get(i).path("method").asText().equals(method)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> errors(JsonNode report) {
    List<String> errors = new ArrayList<>();
    report.path("console").forEach(m -> {
      if (m.path("type").asText().equals("error") || m.path("type").asText().equals("pageerror")) {
        errors.add(m.path("text").asText());
      }
    });
    return errors;
  }
}
