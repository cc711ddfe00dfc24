package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every flag of tusd v2.10's {@code -help} through the real command line: accepted with tusd's meaning (one server
 * started with all of them at once, in a child JVM as {@code java -jar} runs it), or refused with exit status 2 and
 * one line naming the flag, the reason and what to use instead. Flags owned by other flag groups that are still
 * being built (lockers, greeting) are checked to be either accepted or refused in one line.
 */
class TusdFlagsTest {
  /** tusd v2.10's flags, as its -help lists them. */
  static final List<String> TUSD_FLAGS = List.of(
      "host", "port", "unix-sock", "base-path", "behind-proxy", "enable-h2c",
      "tls-certificate", "tls-key", "tls-mode",
      "enable-experimental-protocol", "disable-download", "disable-termination", "disable-concatenation", "max-size",
      "disable-cors", "cors-allow-origin", "cors-allow-credentials", "cors-allow-methods", "cors-allow-headers",
      "cors-max-age", "cors-expose-headers",
      "upload-dir", "filelock-holder-poll-interval", "filelock-acquirer-poll-interval", "dir-perms", "file-perms",
      "s3-bucket", "s3-object-prefix", "s3-endpoint", "s3-part-size", "s3-min-part-size", "s3-max-buffered-parts",
      "s3-disable-content-hashes", "s3-disable-ssl", "s3-concurrent-part-uploads", "s3-transfer-acceleration",
      "s3-log-api-calls",
      "gcs-bucket", "gcs-object-prefix", "gcs-endpoint",
      "azure-storage", "azure-container-access-type", "azure-blob-access-tier", "azure-object-prefix",
      "azure-endpoint",
      "hooks-enabled-events", "progress-hooks-interval", "hooks-dir",
      "hooks-http", "hooks-http-forward-headers", "hooks-http-retry", "hooks-http-backoff", "hooks-http-timeout",
      "hooks-http-size-limit", "hooks-http-skip-verify",
      "hooks-grpc", "hooks-grpc-retry", "hooks-grpc-backoff", "hooks-grpc-secure",
      "hooks-grpc-server-tls-certificate", "hooks-grpc-client-tls-certificate", "hooks-grpc-client-tls-key",
      "hooks-grpc-forward-headers",
      "hooks-plugin",
      "expose-metrics", "metrics-path", "expose-pprof", "pprof-path", "pprof-block-profile-rate",
      "pprof-mutex-profile-rate", "show-greeting", "version", "verbose", "show-startup-logs", "log-format",
      "network-timeout", "shutdown-timeout", "acquire-lock-timeout", "request-completion-timeout");

  /** Flags owned by flag groups other developers are building: locker and greeting. */
  static final Set<String> ELSEWHERE = Set.of("filelock-holder-poll-interval", "filelock-acquirer-poll-interval",
      "show-greeting");

  /** Flags accepted but checked by their own tests (TLS needs certificates; -version exits; stores need servers). */
  static final Set<String> OWN_TESTS = Set.of("tls-certificate", "tls-key", "version", "s3-bucket", "unix-sock", "azure-storage",
      "azure-container-access-type", "azure-blob-access-tier", "azure-object-prefix", "azure-endpoint");

  /** Refused flags: a tusd-style value, and a word the one-line reason must contain. */
  static final Map<String, String[]> REFUSED = new LinkedHashMap<>();

  static {
    REFUSED.put("enable-experimental-protocol", new String[] {"true", "draft"});
    REFUSED.put("dir-perms", new String[] {"0775", "umask"});
    REFUSED.put("file-perms", new String[] {"0664", "umask"});
    REFUSED.put("s3-transfer-acceleration", new String[] {"true", "-s3-endpoint"});
    REFUSED.put("gcs-bucket", new String[] {"b", "GCS store is not built yet"});
    REFUSED.put("gcs-object-prefix", new String[] {"p/", "GCS store is not built yet"});
    REFUSED.put("gcs-endpoint", new String[] {"http://127.0.0.1:1", "GCS store is not built yet"});
    REFUSED.put("hooks-http-skip-verify", new String[] {"true", "trust store"});
    REFUSED.put("hooks-plugin", new String[] {"/x.so", "-hooks-grpc"});
    REFUSED.put("expose-pprof", new String[] {"true", "JVM"});
    REFUSED.put("pprof-path", new String[] {"/debug/pprof/", "JVM"});
    REFUSED.put("pprof-block-profile-rate", new String[] {"1", "JVM"});
    REFUSED.put("pprof-mutex-profile-rate", new String[] {"1", "JVM"});
  }

  @TempDir
  Path tmp;

  /** The accepted flags with tusd-style values (booleans as tusd's -flag=value). */
  private Map<String, String> accepted() throws Exception {
    Path hooks = Files.createDirectories(tmp.resolve("hooks"));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("host", "127.0.0.1");
    values.put("port", String.valueOf(ChildJvm.freePort()));
    values.put("base-path", "/uploads/");
    values.put("behind-proxy", "=true");
    values.put("enable-h2c", "=true");
    values.put("tls-mode", "tls12");
    values.put("disable-download", "=false");
    values.put("disable-termination", "=false");
    values.put("disable-concatenation", "=false");
    values.put("max-size", "1048576");
    values.put("disable-cors", "=false");
    values.put("cors-allow-origin", "https://.*\\.example\\.com");
    values.put("cors-allow-credentials", "=true");
    values.put("cors-allow-methods", "PUT");
    values.put("cors-allow-headers", "X-Extra");
    values.put("cors-max-age", "600");
    values.put("cors-expose-headers", "X-Out");
    values.put("upload-dir", tmp.resolve("data").toString());
    values.put("s3-object-prefix", "p/");
    values.put("s3-endpoint", "http://127.0.0.1:1");
    values.put("s3-part-size", "52428800");
    values.put("s3-min-part-size", "5242880");
    values.put("s3-max-buffered-parts", "20");
    values.put("s3-disable-content-hashes", "=false");
    values.put("s3-disable-ssl", "=false");
    values.put("s3-concurrent-part-uploads", "10");
    values.put("s3-log-api-calls", "=true");
    values.put("hooks-enabled-events", "pre-create,post-finish");
    values.put("progress-hooks-interval", "1s");
    values.put("hooks-dir", hooks.toString());
    values.put("hooks-http", "http://127.0.0.1:1/hooks");
    values.put("hooks-http-forward-headers", "Authorization");
    values.put("hooks-http-retry", "3");
    values.put("hooks-http-backoff", "1s");
    values.put("hooks-http-timeout", "15s");
    values.put("hooks-http-size-limit", "5120");
    values.put("hooks-grpc", "127.0.0.1:1");
    values.put("hooks-grpc-retry", "3");
    values.put("hooks-grpc-backoff", "1s");
    values.put("hooks-grpc-secure", "=false");
    values.put("hooks-grpc-server-tls-certificate", tmp.resolve("unused-ca.pem").toString());
    values.put("hooks-grpc-client-tls-certificate", tmp.resolve("unused-cert.pem").toString());
    values.put("hooks-grpc-client-tls-key", tmp.resolve("unused-key.pem").toString());
    values.put("hooks-grpc-forward-headers", "Authorization");
    values.put("expose-metrics", "=true");
    values.put("metrics-path", "/metrics");
    values.put("verbose", "=false");
    values.put("show-startup-logs", "=false");
    values.put("log-format", "text");
    values.put("network-timeout", "60s");
    values.put("shutdown-timeout", "10s");
    values.put("acquire-lock-timeout", "20s");
    values.put("request-completion-timeout", "10s");
    return values;
  }

  @Test
  @DisplayName("the test's flag list is tusd's whole -help: each flag accepted, refused, or owned elsewhere")
  void everyTusdFlagIsClassified() throws Exception {
    Set<String> classified = new LinkedHashSet<>(accepted().keySet());
    classified.addAll(REFUSED.keySet());
    classified.addAll(ELSEWHERE);
    classified.addAll(OWN_TESTS);
    assertThat(classified).containsExactlyInAnyOrderElementsOf(TUSD_FLAGS);
    CommandLine cli = new CommandLine(new ServerCommand());
    for (String flag : TUSD_FLAGS) {
      if (!ELSEWHERE.contains(flag)) {
        assertThat(cli.getCommandSpec().findOption("-" + flag)).as("-%s is a known flag", flag).isNotNull();
        assertThat(cli.getCommandSpec().findOption("--" + flag)).as("--%s is a known flag", flag).isNotNull();
      }
    }
  }

  @Test
  @DisplayName("all accepted tusd flags at once: the executable starts, serves uploads under -base-path and h2c")
  void acceptedFlagsStartAServer() throws Exception {
    Map<String, String> values = accepted();
    List<String> args = new ArrayList<>();
    values.forEach((flag, value) -> {
      if (value.startsWith("=")) {
        args.add("-" + flag + value);
      } else {
        args.add("-" + flag);
        args.add(value);
      }
    });
    try (ChildJvm child = ChildJvm.start(tmp.resolve("logs"), args.toArray(String[]::new))) {
      String base = "http://127.0.0.1:" + values.get("port");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
          .connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> ready = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (ready == null && System.nanoTime() < deadline) {
        assertThat(child.process.isAlive()).as("server alive; stderr: %s", child.stderrText()).isTrue();
        try {
          ready = client.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
          Thread.sleep(200);
        }
      }
      assertThat(ready).as("server came up; stderr: %s", child.stderrText()).isNotNull();
      HttpResponse<String> options = client.send(HttpRequest.newBuilder(URI.create(base + "/uploads/"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://a.example.com").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(options.statusCode()).isEqualTo(204);
      assertThat(options.version()).as("-enable-h2c").isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue("1048576");
      assertThat(options.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
      assertThat(child.stdoutText()).as("-show-startup-logs=false hides the configuration line")
          .doesNotContain("listening on");
    }
  }

  @Test
  @DisplayName("each refused tusd flag: exit 2, one line naming it with the reason and the alternative")
  void refusedFlagsExitTwoWithOneLine() throws Exception {
    for (Map.Entry<String, String[]> refused : REFUSED.entrySet()) {
      String flag = "-" + refused.getKey();
      String value = refused.getValue()[0];
      String[] args = value.equals("true") ? new String[] {flag, "-upload-dir", tmp.resolve("d").toString()}
          : new String[] {flag, value, "-upload-dir", tmp.resolve("d").toString()};
      Result result = runMain(args);
      assertThat(result.exit).as("%s exit; stderr: %s", flag, result.err).isEqualTo(2);
      List<String> lines = result.err.lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as(flag).hasSize(1);
      assertThat(lines.get(0)).contains(flag + " is not supported").contains(refused.getValue()[1])
          .doesNotContain("Exception");
    }
    Result off = runMainParsingOnly("-expose-pprof=false", "-enable-experimental-protocol=false",
        "-hooks-http-skip-verify=false", "-s3-transfer-acceleration=false");
    assertThat(off.exit).as("false asks for what the server does anyway: %s", off.err).isZero();
  }

  @Test
  @DisplayName("a refused flag in the real executable: exit status 2, one stderr line")
  void refusedFlagInTheExecutable() throws Exception {
    try (ChildJvm child = ChildJvm.start(tmp.resolve("logs"), "-gcs-bucket", "b", "-upload-dir",
        tmp.resolve("d").toString())) {
      assertThat(child.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(child.stderrText().lines().filter(l -> !l.isBlank()).toList()).hasSize(1).first()
          .asString().contains("-gcs-bucket is not supported: the GCS store is not built yet");
    }
  }

  @Test
  @DisplayName("flags other groups own (locker, greeting): accepted, or refused with exit 2 and one line")
  void flagsOwnedElsewhere() throws Exception {
    Map<String, String> values = Map.of("filelock-holder-poll-interval", "5s",
        "filelock-acquirer-poll-interval", "2s", "show-greeting", "=true");
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String arg = "-" + entry.getKey() + (entry.getValue().startsWith("=") ? entry.getValue() : "=" + entry.getValue());
      Result result = runMainParsingOnly(arg);
      if (result.exit != 0) {
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.err.lines().filter(l -> !l.isBlank()).count()).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("-unix-sock: the server listens on a Unix domain socket (relayed to a loopback listener)")
  void unixSocket() throws Exception {
    Path socketPath = tmp.resolve("tus.sock");
    ServerCommand.Running running = Launch.start("-unix-sock", socketPath.toString(), "-upload-dir",
        tmp.resolve("data").toString());
    try {
      RawHttp.Response created = overUnixSocket(socketPath, "POST /files/ HTTP/1.1\r\nHost: localhost\r\n"
          + "Tus-Resumable: 1.0.0\r\nUpload-Length: 5\r\nContent-Type: application/offset+octet-stream\r\n"
          + "Content-Length: 5\r\nConnection: close\r\n\r\nhello", "POST");
      assertThat(created.status).isEqualTo(201);
      assertThat(created.header("Upload-Offset")).isEqualTo("5");
      String path = TestServer.pathOf(created.header("Location"));
      RawHttp.Response get = overUnixSocket(socketPath, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Connection: close\r\n\r\n", "GET");
      assertThat(get.text()).isEqualTo("hello");
    } finally {
      running.shutdown();
    }
    assertThat(Files.exists(socketPath)).as("socket file removed at shutdown").isFalse();
  }

  private static RawHttp.Response overUnixSocket(Path socketPath, String request, String method) throws Exception {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketPath))) {
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
      return RawHttp.Response.read(Channels.newInputStream(channel), method);
    }
  }

  @Test
  @DisplayName("-enable-h2c with -tls-certificate is refused as in tusd")
  void h2cWithTls() throws Exception {
    Result result = runMain("-enable-h2c", "-tls-certificate", "c.pem", "-tls-key", "k.pem", "-upload-dir",
        tmp.resolve("d").toString());
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("-enable-h2c cannot be combined with -tls-certificate");
  }

  private record Result(int exit, String err) {
  }

  /** {@link Main#run} in this JVM with stderr captured: only for arguments that end before a server starts. */
  private static Result runMain(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(err);
      int exit = Main.run(args);
      return new Result(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }

  /** Parses and validates without starting a server: 0 when accepted, else what {@link Main} would answer. */
  private Result runMainParsingOnly(String... args) {
    ServerCommand command = new ServerCommand();
    CommandLine cli = new CommandLine(command);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    try {
      cli.parseArgs(args);
      command.tusd.validate();
      return new Result(0, "");
    } catch (CommandLine.ParameterException | FlagException e) {
      return new Result(2, "tus-server: " + e.getMessage().replace('\n', ' ') + "\n");
    }
  }
}
