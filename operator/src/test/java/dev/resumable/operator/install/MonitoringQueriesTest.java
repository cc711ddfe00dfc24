package dev.resumable.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import dev.resumable.tus.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * Every dashboard query and every alert expression, evaluated by a real Prometheus (Debian's {@code prometheus}, a
 * generated configuration, loopback ports) scraping two real tus servers (the executable in child JVMs with
 * {@code -metrics-port}: one on the file store with HTTP hooks to a receiver in this JVM, one on S3 against S3Proxy)
 * under a small upload load: creations, PATCHes, HEADs, 4xx answers, two creations a pre-create hook fails (500),
 * and a lock wait (a stalled PATCH taken over by its resumed duplicate). No query may fail, every metric a query
 * names must be on the servers' {@code /metrics} (or be
 * one of the documented {@link MonitoringConfig#EXTERNAL_METRICS}), every dashboard query returns data, Prometheus
 * loads and evaluates every rule without error, and the alerts this load should trigger become active.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringQueriesTest {
  /** Labels Prometheus Operator puts on the series of a ServiceMonitor target (and {@code pod}); rules select on them. */
  private static final Map<String, String> TARGET_LABELS = Map.of("namespace", "uploads", "service", "tus",
      "endpoint", "metrics", "container", "tus-server");
  private static final String JOB = "tus";
  private static final String S3_KEY = "tus-monitoring";
  private static final String S3_SECRET = "tus-monitoring-secret";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Process> processes = new ArrayList<>();
  private final AtomicInteger hookCalls = new AtomicInteger();
  private HttpServer hookReceiver;
  private S3Proxy s3;
  private Target fileServer;
  private Target s3Server;
  private int prometheusPort;
  private Path logs;

  /** A tus server process and the labels of its scrape target. */
  private record Target(Process process, int port, int metricsPort, String pod) {
    String files() {
      return "http://127.0.0.1:" + port + "/files/";
    }
  }

  @BeforeAll
  void startServersPrometheusAndLoad(@TempDir Path tmp) throws Exception {
    logs = Files.createDirectories(Path.of("target", "monitoring-queries"));
    hookReceiver = startHookReceiver();
    fileServer = startServer("tus-file", "tus-7d9f8b6c5d-filef", Map.of(), "-upload-dir",
        tmp.resolve("uploads").toString(), "-acquire-lock-timeout", "20s", "-hooks-http",
        "http://127.0.0.1:" + hookReceiver.getAddress().getPort() + "/hooks", "-hooks-http-retry", "0",
        "-hooks-enabled-events", "pre-create,post-create,post-receive,post-finish");
    String bucket = startS3(Files.createDirectories(tmp.resolve("s3")));
    s3Server = startServer("tus-s3", "tus-7d9f8b6c5d-s3s3s",
        Map.of("AWS_ACCESS_KEY_ID", S3_KEY, "AWS_SECRET_ACCESS_KEY", S3_SECRET), "-s3-bucket", bucket,
        "-s3-endpoint", "http://127.0.0.1:" + s3.getPort(), "-s3-region", "us-east-1");
    prometheusPort = freePort();
    startPrometheus(tmp);
    for (Target target : List.of(fileServer, s3Server)) {
      await("/metrics of " + target.pod(),
          () -> get("http://127.0.0.1:" + target.metricsPort() + "/metrics").statusCode() == 200);
    }
    await("a first scrape of both servers", () -> query("up{job=\"" + JOB + "\"} == 1").size() == 2);
    driveLoad(fileServer);
    lockWait(fileServer);
    driveS3Load(s3Server);
    forceGc(fileServer);
    forceGc(s3Server);
    // a few more scrapes after the load, so rates see it and every rule is evaluated on it
    long scrapesBefore = scrapes();
    await("three more scrapes", () -> scrapes() >= scrapesBefore + 3);
  }

  @AfterAll
  void stop() throws Exception {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (hookReceiver != null) {
      hookReceiver.stop(0);
    }
    if (s3 != null) {
      s3.stop();
    }
  }

  @Test
  void everyQueryNamesOnlyMetricsTheServerExposesOrDocumentedExternalOnes() throws Exception {
    Set<String> exposed = exposedMetricNames();
    Set<String> usedExternal = new TreeSet<>();
    Map<String, String> queries = allQueries();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      Set<String> names = MonitoringConfig.metricNames(query.getValue());
      assertThat(names).as("metric names in %s: %s", query.getKey(), query.getValue()).isNotEmpty();
      for (String name : names) {
        if (MonitoringConfig.EXTERNAL_METRICS.containsKey(name)) {
          usedExternal.add(name);
        } else {
          assertThat(exposed).as("%s (in %s) on the server's /metrics", name, query.getKey()).contains(name);
        }
      }
    }
    assertThat(usedExternal).as("the allow-list of external metrics has no stale entry")
        .containsExactlyInAnyOrderElementsOf(MonitoringConfig.EXTERNAL_METRICS.keySet());
    assertThat(exposed).as("external metrics are not the server's").doesNotContainAnyElementsOf(usedExternal);
  }

  @Test
  void everyDashboardQueryEvaluatesWithData() throws Exception {
    for (Map.Entry<String, String> query : MonitoringConfig.dashboardQueries().entrySet()) {
      String expr = grafanaVariables(query.getValue());
      assertThat(expr).as("every Grafana variable of %s substituted", query.getKey()).doesNotContain("$");
      JsonNode result = query(expr);
      assertThat(result).as("data for %s: %s", query.getKey(), expr).isNotEmpty();
    }
  }

  @Test
  void everyAlertExpressionEvaluates() throws Exception {
    for (JsonNode alert : MonitoringConfig.alerts()) {
      // throws on a query error; most alerts are rightly empty here
      query(alert.path("expr").asText());
    }
  }

  @Test
  void prometheusLoadsAndEvaluatesEveryRuleWithoutError() throws Exception {
    Set<String> expected = new TreeSet<>();
    MonitoringConfig.alerts().forEach(a -> expected.add(a.path("alert").asText()));
    await("every rule evaluated", () -> {
      for (JsonNode rule : rules()) {
        if (rule.path("lastEvaluation").asText().startsWith("0001-")) {
          return false;
        }
      }
      return true;
    });
    Set<String> loaded = new TreeSet<>();
    for (JsonNode rule : rules()) {
      String name = rule.path("name").asText();
      loaded.add(name);
      assertThat(rule.path("health").asText()).as("health of %s: %s", name, rule.path("lastError")).isEqualTo("ok");
    }
    assertThat(loaded).isEqualTo(expected);
  }

  @Test
  void theLoadTriggersTheErrorRatioAndHookFailureAlertsAndNothingElseOfConcern() throws Exception {
    Set<String> expected = Set.of("TusHighServerErrorRatio", "TusHookFailures");
    try {
      await("TusHighServerErrorRatio and TusHookFailures active", () -> activeAlerts().containsAll(expected));
    } catch (AssertionError e) {
      StringBuilder values = new StringBuilder();
      for (JsonNode alert : MonitoringConfig.alerts()) {
        if (expected.contains(alert.path("alert").asText())) {
          values.append(alert.path("alert").asText()).append(": ").append(query(alert.path("expr").asText()));
        }
      }
      values.append(" errors: ").append(query("tusd_errors_total")).append(" hook errors: ")
          .append(query("tusd_hook_errors_total")).append(" active: ").append(activeAlerts());
      throw new AssertionError(e.getMessage() + "; " + values, e);
    }
    assertThat(activeAlerts()).doesNotContain("TusServerDown", "TusServerTargetDown", "TusLockerUnavailable",
        "TusLockLeasesLost", "TusLockTimeouts", "TusS3RequestErrors", "TusStoreErrors");
    assertThat(hookCalls.get()).isPositive();
  }

  // ----- the load --------------------------------------------------------------------------------------------------

  /**
   * Creations, PATCHes, a HEAD, a 404, a 409, and two creations whose pre-create hook fails (500) on the file-store
   * server.
   */
  private void driveLoad(Target target) throws Exception {
    String files = target.files();
    List<String> uploads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> created = send(tus(files).header("Upload-Length", "65536")
          .header("Upload-Metadata", "filename " + b64("file-" + i + ".bin")).POST(empty()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      uploads.add(created.headers().firstValue("Location").orElseThrow());
    }
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> refused = send(tus(files).header("Upload-Length", "10")
          .header("Upload-Metadata", "hook " + b64("fail")).POST(empty()));
      assertThat(refused.statusCode()).as("creation whose pre-create hook fails").isEqualTo(500);
      // the server creates a status's error counter at its first error: let Prometheus store each value before the
      // next, so rate() sees the counter grow (waiting for "a scrape" of any target was not enough)
      int seen = i + 1;
      await("Prometheus to store " + seen + " error(s) 500", () -> query("sum(tusd_errors_total{job=\"" + JOB
          + "\",status=\"500\"}) >= " + seen).size() == 1);
    }
    byte[] half = new byte[32768];
    for (String upload : uploads) {
      for (int offset = 0; offset < 65536; offset += half.length) {
        HttpResponse<String> patched = send(tus(upload).header("Upload-Offset", String.valueOf(offset))
            .header("Content-Type", "application/offset+octet-stream")
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(half)));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
      }
    }
    assertThat(send(tus(uploads.get(0)).method("HEAD", empty())).statusCode()).isEqualTo(200);
    assertThat(send(tus(files + "0123456789abcdef0123456789abcdef").method("HEAD", empty())).statusCode())
        .isEqualTo(404);
    assertThat(send(tus(uploads.get(0)).header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[1]))).statusCode()).isIn(403, 409);
  }

  /** An upload in two PATCHes, a HEAD and a HEAD of an unknown upload on the S3 server. */
  private void driveS3Load(Target target) throws Exception {
    HttpResponse<String> created = send(tus(target.files()).header("Upload-Length", "20000").POST(empty()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String upload = created.headers().firstValue("Location").orElseThrow();
    for (int offset = 0; offset < 20000; offset += 10000) {
      HttpResponse<String> patched = send(tus(upload).header("Upload-Offset", String.valueOf(offset))
          .header("Content-Type", "application/offset+octet-stream")
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[10000])));
      assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
    }
    assertThat(send(tus(upload).method("HEAD", empty())).headers().firstValue("Upload-Offset")).hasValue("20000");
    assertThat(send(tus(target.files() + "0123456789abcdef0123456789abcdef+x").method("HEAD", empty()))
        .statusCode()).isEqualTo(404);
  }

  /**
   * A PATCH that sends its headers and then nothing holds the upload's lock; its duplicate (a client resuming) waits
   * for the lock, asks the holder to release it, and takes it over once the holder's client has been silent for the
   * stall timeout.
   */
  private void lockWait(Target target) throws Exception {
    HttpResponse<String> created = send(tus(target.files()).header("Upload-Length", "8").POST(empty()));
    String upload = created.headers().firstValue("Location").orElseThrow();
    String path = URI.create(upload).getPath();
    try (Socket stalled = new Socket("127.0.0.1", target.port())) {
      OutputStream out = stalled.getOutputStream();
      out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
          + "Content-Type: application/offset+octet-stream\r\nContent-Length: 8\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300);
      HttpResponse<String> resumed = send(tus(upload).header("Upload-Offset", "0")
          .header("Content-Type", "application/offset+octet-stream")
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[8])));
      assertThat(resumed.statusCode()).as("the resumed PATCH after taking the lock over").isEqualTo(204);
    }
  }

  /** Runs a full GC in the server, so the GC pause metrics exist. */
  private void forceGc(Target target) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path log = logs.resolve("jcmd-" + target.pod() + ".log");
    Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(target.process().pid()), "GC.run")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(gc.exitValue()).as(Files.readString(log)).isZero();
  }

  /** The executable in a child JVM on loopback ports, metrics on their own port. */
  private Target startServer(String name, String pod, Map<String, String> env, String... flags) throws IOException {
    int port = freePort();
    int metricsPort = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "-host", "127.0.0.1", "-port", String.valueOf(port), "-metrics-port", String.valueOf(metricsPort)));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("TUS_") || k.startsWith("AWS_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return new Target(process, port, metricsPort, pod);
  }

  /** S3Proxy on a loopback port over a directory, with one bucket; returns the bucket's name. */
  private String startS3(Path dir) throws Exception {
    for (String name : List.of("org.gaul", "org.eclipse.jetty", "org.jclouds")) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
    }
    FilesystemNio2BlobStore blobs = new FilesystemNio2BlobStore(dir.toString());
    String bucket = "tus-monitoring";
    blobs.createContainer(CreateBucketRequest.builder().bucket(bucket).build());
    s3 = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_KEY, S3_SECRET).build();
    s3.start();
    await("S3Proxy started", () -> "STARTED".equals(s3.getState()));
    return bucket;
  }

  private HttpServer startHookReceiver() throws IOException {
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      hookCalls.incrementAndGet();
      boolean fail = body.contains("\"hook\":\"fail\"") || body.contains("\"hook\": \"fail\"");
      byte[] answer = (fail ? "{\"error\":\"refused by the test\"}" : "{}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    receiver.start();
    return receiver;
  }

  // ----- Prometheus ------------------------------------------------------------------------------------------------

  private void startPrometheus(Path tmp) throws Exception {
    StringBuilder targets = new StringBuilder();
    for (Target target : List.of(fileServer, s3Server)) {
      targets.append("      - targets: ['127.0.0.1:").append(target.metricsPort()).append("']\n        labels:\n")
          .append("          pod: ").append(target.pod()).append('\n');
      TARGET_LABELS.forEach((k, v) -> targets.append("          ").append(k).append(": ").append(v).append('\n'));
    }
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
        + "rule_files:\n  - " + MonitoringConfig.dir().resolve("rules.yaml") + "\n"
        + "scrape_configs:\n  - job_name: " + JOB + "\n    static_configs:\n" + targets);
    start("prometheus", List.of("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort,
        "--log.level=warn"));
    await("Prometheus ready", () -> get("http://127.0.0.1:" + prometheusPort + "/-/ready").statusCode() == 200);
  }

  private long scrapes() throws Exception {
    JsonNode result = query("count_over_time(up{job=\"" + JOB + "\"}[5m])");
    return result.isEmpty() ? 0 : (long) result.get(0).path("value").get(1).asDouble();
  }

  /** The result of an instant query; fails on any query error. */
  private JsonNode query(String expr) throws Exception {
    HttpResponse<String> response = get("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
        + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).as("query %s: %s", expr, response.body()).isEqualTo("success");
    assertThat(body.path("warnings")).as("warnings of %s", expr).isEmpty();
    return body.path("data").path("result");
  }

  private List<JsonNode> rules() throws Exception {
    JsonNode body = JSON.readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/rules").body());
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : body.path("data").path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  private Set<String> activeAlerts() throws Exception {
    JsonNode body = JSON.readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/alerts").body());
    Set<String> active = new TreeSet<>();
    body.path("data").path("alerts").forEach(a -> active.add(a.path("labels").path("alertname").asText()));
    return active;
  }

  // ----- helpers ---------------------------------------------------------------------------------------------------

  /** Every dashboard query and alert expression, keyed by where it is. */
  private static Map<String, String> allQueries() {
    Map<String, String> queries = new LinkedHashMap<>(MonitoringConfig.dashboardQueries());
    MonitoringConfig.alerts().forEach(a -> queries.put("alert " + a.path("alert").asText(), a.path("expr").asText()));
    return queries;
  }

  /** The query as Grafana sends it with this target's namespace and job selected. */
  private static String grafanaVariables(String expr) {
    return expr.replace("$__rate_interval", "1m").replace("$namespace", TARGET_LABELS.get("namespace"))
        .replace("$job", JOB);
  }

  /** The metric names on the servers' /metrics pages (histogram series by their full names). */
  private Set<String> exposedMetricNames() throws Exception {
    Set<String> names = new HashSet<>();
    for (Target target : List.of(fileServer, s3Server)) {
      for (String line : get("http://127.0.0.1:" + target.metricsPort() + "/metrics").body().split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          names.add(line.split("[{ ]", 2)[0]);
        }
      }
    }
    return names;
  }

  private Process start(String name, List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile()).start();
    processes.add(process);
    return process;
  }

  private void await(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      for (Process process : processes) {
        assertThat(process.isAlive()).as("%s still running (logs in %s)", process.info().command().orElse("?"),
            logs.toAbsolutePath()).isTrue();
      }
      try {
        if (check.ok()) {
          return;
        }
      } catch (IOException | AssertionError e) {
        last = e instanceof IOException io ? io : new IOException(e);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what + " (logs in " + logs.toAbsolutePath() + ")", last);
  }

  /** A condition polled by {@link #await}. */
  @FunctionalInterface
  private interface Check {
    boolean ok() throws Exception;
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder tus(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Tus-Resumable", "1.0.0");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher empty() {
    return HttpRequest.BodyPublishers.noBody();
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
