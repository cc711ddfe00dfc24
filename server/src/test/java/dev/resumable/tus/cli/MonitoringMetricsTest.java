package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics the shipped alerts are built on (config/monitoring/rules.yaml), on the real command line in-process:
 * the error series exist at zero from the first scrape (so that {@code rate()} sees the first error), store
 * operations carry their outcome, and {@code tus_ready} follows what {@code /readyz} answers.
 */
class MonitoringMetricsTest {
  @TempDir
  Path dir;
  private ServerCommand.Running running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.server.close();
    }
  }

  @Test
  void errorSeriesExistAtZeroBeforeTheFirstRequest() throws IOException {
    running = Launch.start("-host", "127.0.0.1", "-port", "0", "-upload-dir", dir.resolve("data").toString());
    String text = scrape();
    assertThat(value(text, "tusd_requests_total{method=\"PATCH\"}")).isZero();
    assertThat(value(text, "tusd_errors_total{code=\"ERR_INTERNAL_SERVER_ERROR\",status=\"500\"}")).isZero();
    assertThat(value(text, "tusd_errors_total{code=\"ERR_SHUTTING_DOWN\",status=\"503\"}")).isZero();
    assertThat(value(text, "tus_store_operation_seconds_count{operation=\"create\",outcome=\"error\"}")).isZero();
    assertThat(value(text, "tus_store_operation_seconds_count{operation=\"write\",outcome=\"error\"}")).isZero();
    assertThat(value(text, "tus_store_operation_seconds_count{operation=\"commit\",outcome=\"error\"}")).isZero();
    assertThat(value(text, "tus_lock_acquire_seconds_count{locker=\"file\",outcome=\"timeout\"}")).isZero();
    assertThat(value(text, "tus_lock_acquire_seconds_count{locker=\"file\",outcome=\"unavailable\"}")).isZero();
  }

  @Test
  void storeFailuresAndReadinessShowInTheMetrics() throws Exception {
    running = Launch.start("-host", "127.0.0.1", "-port", "0", "-upload-dir", dir.resolve("data").toString());
    assertThat(awaitValue("tus_ready", 1)).as("ready after start").isEqualTo(1);
    RawHttp.Response created = to("POST", "/files/").tus().header("Upload-Length", 5).send();
    assertThat(created.status).isEqualTo(201);
    assertThat(awaitValue("tus_store_operation_seconds_count{operation=\"create\",outcome=\"ok\"}", 1))
        .isEqualTo(1);

    Files.move(dir.resolve("data"), dir.resolve("moved"));
    assertThat(to("GET", "/readyz").send().status).isEqualTo(503);
    assertThat(awaitValue("tus_ready", 0)).as("not ready while the upload directory is gone").isZero();
    assertThat(to("POST", "/files/").tus().header("Upload-Length", 5).send().status).isEqualTo(500);
    // the request counters move when the exchange completes, which may be just after the client has its response
    assertThat(awaitValue("tus_store_operation_seconds_count{operation=\"create\",outcome=\"error\"}", 1))
        .isEqualTo(1);
    assertThat(awaitValue("tusd_errors_total{code=\"ERR_INTERNAL_SERVER_ERROR\",status=\"500\"}", 1))
        .isEqualTo(1);

    Files.move(dir.resolve("moved"), dir.resolve("data"));
    assertThat(to("GET", "/readyz").send().status).isEqualTo(200);
    assertThat(awaitValue("tus_ready", 1)).as("ready again").isEqualTo(1);
    assertThat(to("HEAD", "/files/0123456789abcdef0123456789abcdef").tus().send().status).isEqualTo(404);
    assertThat(value(scrape(), "tus_store_operation_seconds_count{operation=\"find\",outcome=\"error\"}"))
        .as("an unknown upload is no store error").isZero();
  }

  /**
   * Scrapes until {@code series} has {@code expected}, or 10 s: the readiness gauge follows the latest check, and
   * request counters move at exchange completion, which can come just after the response reached the client.
   */
  private double awaitValue(String series, double expected) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    double value = value(scrape(), series);
    while (value != expected && System.nanoTime() < deadline) {
      Thread.sleep(200);
      value = value(scrape(), series);
    }
    return value;
  }

  private RawHttp to(String method, String path) {
    return RawHttp.to(running.server.port()).request(method, path);
  }

  private String scrape() throws IOException {
    RawHttp.Response response = to("GET", "/metrics").send();
    assertThat(response.status).isEqualTo(200);
    return response.text();
  }

  private static double value(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(exposition);
    if (!m.find()) {
      throw new AssertionError("no series " + series + " in\n" + exposition);
    }
    return Double.parseDouble(m.group(1));
  }
}
