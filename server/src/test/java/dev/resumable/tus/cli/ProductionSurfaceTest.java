package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production surface of the real command line, started in-process on loopback: metrics with tusd's names,
 * probes, CORS, proxy headers, network timeouts and environment configuration.
 */
class ProductionSurfaceTest {
  @TempDir
  Path dir;
  final List<ServerCommand.Running> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(r -> r.server.close());
  }

  private ServerCommand.Running start(String... flags) throws IOException {
    return start(Map.of(), flags);
  }

  private ServerCommand.Running start(Map<String, String> env, String... flags) throws IOException {
    List<String> args = new ArrayList<>(List.of("-host", "127.0.0.1", "-port", "0", "-upload-dir",
        dir.resolve("data").toString()));
    args.addAll(List.of(flags));
    ServerCommand.Running r = Launch.start(env, args.toArray(new String[0]));
    running.add(r);
    return r;
  }

  private static RawHttp to(ServerCommand.Running r, String method, String path) {
    return RawHttp.to(r.server.port()).request(method, path);
  }

  private static double metric(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(exposition);
    if (!m.find()) {
      throw new AssertionError("no series " + series + " in\n" + exposition);
    }
    return Double.parseDouble(m.group(1));
  }

  @Nested
  class Metrics {
    @Test
    @DisplayName("tusd's metric names and ours move as expected after a real upload")
    void metricsAfterUpload() throws IOException {
      ServerCommand.Running r = start();
      Response created = to(r, "POST", "/files/").tus().header("Upload-Length", 11).send();
      String path = TestServer.pathOf(created.header("Location"));
      to(r, "PATCH", path).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").body("hello world").send();
      to(r, "HEAD", "/files/0123456789abcdef0123456789abcdef").tus().send();
      System.gc();  // gauges must not read through references the collector may clear
      Response scrape = to(r, "GET", "/metrics").send();
      assertThat(scrape.status).isEqualTo(200);
      String text = scrape.text();
      assertThat(metric(text, "tusd_requests_total{method=\"POST\"}")).isEqualTo(1);
      assertThat(metric(text, "tusd_requests_total{method=\"PATCH\"}")).isEqualTo(1);
      assertThat(metric(text, "tusd_errors_total{code=\"ERR_UPLOAD_NOT_FOUND\",status=\"404\"}")).isEqualTo(1);
      assertThat(metric(text, "tusd_uploads_created")).isEqualTo(1);
      assertThat(metric(text, "tusd_uploads_finished")).isEqualTo(1);
      assertThat(metric(text, "tusd_uploads_terminated")).isZero();
      assertThat(metric(text, "tusd_bytes_received")).isEqualTo(11);
      assertThat(metric(text, "tus_bytes_stored_total")).isEqualTo(11);
      assertThat(metric(text, "tus_uploads_active")).isZero();
      assertThat(metric(text, "tusd_connections_open")).isGreaterThanOrEqualTo(1);
      assertThat(metric(text, "tus_request_duration_seconds_count{method=\"PATCH\"}")).isEqualTo(1);
      assertThat(metric(text, "tus_store_operation_seconds_count{operation=\"write\",outcome=\"ok\"}")).isEqualTo(1);
      assertThat(metric(text, "tus_lock_wait_seconds_count{operation=\"lock\"}")).isEqualTo(1);
      assertThat(text).contains("jvm_memory_used_bytes").contains("process_cpu_usage");
      to(r, "DELETE", path).tus().send();
      assertThat(metric(to(r, "GET", "/metrics").send().text(), "tusd_uploads_terminated")).isEqualTo(1);
    }

    @Test
    @DisplayName("-expose-metrics=false: no /metrics")
    void metricsOff() throws IOException {
      ServerCommand.Running r = start("-expose-metrics=false");
      assertThat(to(r, "GET", "/metrics").send().status).isEqualTo(404);
    }

    @Test
    @DisplayName("-metrics-port serves metrics on their own port, not on the public one")
    void separateMetricsPort() throws IOException {
      ServerCommand.Running r = start("-metrics-port", "0", "-metrics-path", "/internal/metrics");
      int metricsPort = r.server.metricsPort();
      assertThat(metricsPort).isPositive().isNotEqualTo(r.server.port());
      assertThat(RawHttp.to(metricsPort).request("GET", "/internal/metrics").send().text())
          .contains("tusd_uploads_created");
      assertThat(to(r, "GET", "/internal/metrics").send().status).isEqualTo(404);
    }
  }

  @Nested
  class Probes {
    @Test
    @DisplayName("/healthz answers; /readyz follows the store")
    void probes() throws IOException {
      ServerCommand.Running r = start();
      assertThat(to(r, "GET", "/healthz").send().status).isEqualTo(200);
      assertThat(to(r, "GET", "/readyz").send().status).isEqualTo(200);
      Files.move(dir.resolve("data"), dir.resolve("moved"));
      Response notReady = to(r, "GET", "/readyz").send();
      assertThat(notReady.status).isEqualTo(503);
      assertThat(notReady.text()).doesNotContain(dir.toString());
      assertThat(to(r, "GET", "/healthz").send().status).isEqualTo(200);
      Files.move(dir.resolve("moved"), dir.resolve("data"));
      assertThat(to(r, "GET", "/readyz").send().status).isEqualTo(200);
    }
  }

  @Nested
  class Cors {
    @Test
    @DisplayName("preflight is answered without reaching the store; actual requests expose tus headers")
    void preflightAndActual() throws IOException {
      ServerCommand.Running r = start();
      Response preflight = to(r, "OPTIONS", "/files/0123456789abcdef0123456789abcdef")
          .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "PATCH")
          .header("Access-Control-Request-Headers", "tus-resumable,upload-offset,content-type").send();
      assertThat(preflight.status).isEqualTo(204);
      assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
      assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PATCH").contains("DELETE");
      assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Upload-Offset")
          .contains("Upload-Checksum");
      assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("86400");
      assertThat(preflight.has("Access-Control-Allow-Credentials")).isFalse();
      assertThat(preflight.header("Vary")).isEqualTo("Origin");
      Response actual = to(r, "POST", "/files/").tus().header("Upload-Length", 1)
          .header("Origin", "https://app.example.com").send();
      assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
      assertThat(actual.header("Access-Control-Expose-Headers")).contains("Location").contains("Upload-Offset");
    }

    @Test
    @DisplayName("a non-matching Origin gets no grant; credentials and extra headers when configured")
    void restrictedOrigins() throws IOException {
      ServerCommand.Running r = start("-cors-allow-origin", "https://app\\.example\\.com",
          "-cors-allow-credentials", "-cors-expose-headers", "X-Request-ID", "-cors-max-age", "60");
      Response evil = to(r, "OPTIONS", "/files/").header("Origin", "https://evil.example.com")
          .header("Access-Control-Request-Method", "POST").send();
      assertThat(evil.has("Access-Control-Allow-Origin")).isFalse();
      assertThat(evil.has("Access-Control-Allow-Methods")).isFalse();
      Response suffix = to(r, "OPTIONS", "/files/").header("Origin", "https://app.example.com.evil.net")
          .header("Access-Control-Request-Method", "POST").send();
      assertThat(suffix.has("Access-Control-Allow-Origin")).as("the whole origin must match").isFalse();
      Response good = to(r, "POST", "/files/").tus().header("Upload-Length", 1)
          .header("Origin", "https://app.example.com").send();
      assertThat(good.header("Access-Control-Allow-Credentials")).isEqualTo("true");
      assertThat(good.header("Access-Control-Expose-Headers")).endsWith(", X-Request-ID");
      Response preflight = to(r, "OPTIONS", "/files/").header("Origin", "https://app.example.com")
          .header("Access-Control-Request-Method", "POST").send();
      assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("60");
    }

    @Test
    @DisplayName("-disable-cors: no CORS headers; OPTIONS is the tus OPTIONS")
    void disabled() throws IOException {
      ServerCommand.Running r = start("-disable-cors");
      Response options = to(r, "OPTIONS", "/files/").header("Origin", "https://app.example.com")
          .header("Access-Control-Request-Method", "POST").send();
      assertThat(options.has("Access-Control-Allow-Origin")).isFalse();
      assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
    }
  }

  @Nested
  class Proxy {
    @Test
    @DisplayName("without -behind-proxy, forwarded headers cannot steer Location")
    void ignoredByDefault() throws IOException {
      ServerCommand.Running r = start();
      Response created = to(r, "POST", "/files/").tus().header("Upload-Length", 1)
          .header("X-Forwarded-Host", "evil.example.com").header("X-Forwarded-Proto", "https")
          .header("Forwarded", "host=evil.example.com;proto=https").send();
      assertThat(created.header("Location")).startsWith("http://127.0.0.1:" + r.server.port() + "/files/");
    }

    @Test
    @DisplayName("with -behind-proxy: X-Forwarded-Host/Proto/Prefix and RFC 7239 Forwarded build Location")
    void honouredWithFlag() throws IOException {
      ServerCommand.Running r = start("-behind-proxy");
      Response xf = to(r, "POST", "/files/").tus().header("Upload-Length", 1)
          .header("X-Forwarded-Host", "uploads.example.com").header("X-Forwarded-Proto", "https")
          .header("X-Forwarded-Prefix", "/api").send();
      assertThat(xf.header("Location")).matches("https://uploads\\.example\\.com/api/files/[0-9a-f]{32}");
      Response rfc = to(r, "POST", "/files/").tus().header("Upload-Length", 1)
          .header("Forwarded", "for=192.0.2.60;proto=https;host=\"cdn.example.org:8443\", for=10.0.0.1").send();
      assertThat(rfc.header("Location")).matches("https://cdn\\.example\\.org:8443/files/[0-9a-f]{32}");
      Response bad = to(r, "POST", "/files/").tus().header("Upload-Length", 1)
          .header("X-Forwarded-Host", "evil.com/path?x").header("X-Forwarded-Proto", "javascript").send();
      assertThat(bad.header("Location")).startsWith("http://127.0.0.1:" + r.server.port() + "/files/");
    }

    @Test
    @DisplayName("with -behind-proxy: concatenation accepts the prefixed URLs it handed out")
    void concatenationWithPrefix() throws IOException {
      ServerCommand.Running r = start("-behind-proxy");
      Response partial = to(r, "POST", "/files/").tus().header("Upload-Length", 2).header("Upload-Concat", "partial")
          .header("X-Forwarded-Host", "up.example.com").header("X-Forwarded-Prefix", "/api")
          .header("Content-Type", "application/offset+octet-stream").body("ab").send();
      String url = partial.header("Location");
      assertThat(url).contains("/api/files/");
      Response fin = to(r, "POST", "/files/").tus().header("Upload-Concat", "final;" + url).send();
      assertThat(fin.status).isEqualTo(201);
      assertThat(to(r, "GET", TestServer.pathOf(fin.header("Location")).replace("/api", "")).send().text())
          .isEqualTo("ab");
    }
  }

  @Nested
  class Timeouts {
    @Test
    @DisplayName("-network-timeout ends a stalled PATCH and keeps the bytes it sent")
    void stalledPatchTimesOut() throws Exception {
      ServerCommand.Running r = start("-network-timeout", "1s");
      String path = TestServer.pathOf(to(r, "POST", "/files/").tus().header("Upload-Length", 100).send()
          .header("Location"));
      long start = System.nanoTime();
      try (Socket socket = RawHttp.openPatch(r.server.port(), path, 0, 100,
          "0123456789".getBytes(StandardCharsets.US_ASCII))) {
        assertThat(RawHttp.statusOnClose(socket)).as("a timed-out PATCH is never acknowledged, nor a server error")
            .doesNotContain(" 2").doesNotContain(" 500");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
      assertThat(to(r, "HEAD", path).tus().send().header("Upload-Offset")).isEqualTo("10");
    }
  }

  @Nested
  class Environment {
    @Test
    @DisplayName("flags come from TUS_<FLAG> and TUS_<FLAG>_FILE; command-line flags win")
    void environment() throws IOException {
      Path secret = dir.resolve("max-size");
      Files.writeString(secret, "2GiB\n");
      ServerCommand.Running fromEnv = start(Map.of("TUS_MAX_SIZE", "10GiB", "TUS_BASE_PATH", "/uploads/"));
      assertThat(to(fromEnv, "OPTIONS", "/uploads/").send().header("Tus-Max-Size")).isEqualTo("10737418240");
      ServerCommand.Running fromFile = start(Map.of("TUS_MAX_SIZE_FILE", secret.toString()));
      assertThat(to(fromFile, "OPTIONS", "/files/").send().header("Tus-Max-Size")).isEqualTo("2147483648");
      ServerCommand.Running flagWins = start(Map.of("TUS_MAX_SIZE", "10GiB"), "-max-size", "500MB");
      assertThat(to(flagWins, "OPTIONS", "/files/").send().header("Tus-Max-Size")).isEqualTo("500000000");
    }

    @Test
    @DisplayName("an unreadable upload directory fails at start with one clear line")
    void unwritableDirectory() throws IOException {
      Path file = dir.resolve("plain-file");
      Files.writeString(file, "x");
      assertThatThrownBy(() -> Launch.start("-port", "0", "-upload-dir", file.resolve("sub").toString()))
          .isInstanceOf(ServerCommand.StartupException.class)
          .hasMessageContaining(file.resolve("sub").toString());
    }
  }
}
