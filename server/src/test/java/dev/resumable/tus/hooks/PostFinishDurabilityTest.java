package dev.resumable.tus.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.cli.ChildJvm;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * post-finish survives a crash: a server (child JVM) whose receiver refuses every call is killed with SIGKILL right
 * after the last PATCH's 204; the event is on disk as recorded; a restarted server delivers exactly that body, signed,
 * to the receiver of {@code docs/examples/HookReceiver.java}, which verifies the signature.
 */
class PostFinishDurabilityTest {
  private static final Path EXAMPLE = Path.of("..", "docs", "examples", "HookReceiver.java");

  @TempDir
  Path tmp;

  @Test
  void killedAfterTheLastPatchDeliversPostFinishAfterRestart() throws Exception {
    Path uploads = tmp.resolve("uploads");
    Path logs = tmp.resolve("logs");
    Path keyFile = tmp.resolve("signing-key");
    Files.writeString(keyFile, "k8s-mounted-secret\n");
    Map<String, String> env = Map.of("TUS_HOOKS_HTTP_SIGNING_KEY_FILE", keyFile.toString());
    String id;
    Path record;
    String recordedBody;
    try (TestReceiver refusing = new TestReceiver()) {
      refusing.responder = r -> new TestReceiver.Reply(503, null, 0);
      int port = ChildJvm.freePort();
      try (ChildJvm first = ChildJvm.start(logs, env, "-host", "127.0.0.1", "-port", String.valueOf(port),
          "-upload-dir", uploads.toString(), "-hooks-http", refusing.url().toString(), "-hooks-http-retry", "0",
          "-hooks-http-backoff", "30s", "-hooks-enabled-events", "post-finish")) {
        first.awaitReady(port, "/files/", Duration.ofSeconds(30));
        RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", 6)
            .header("Upload-Metadata", "filename ZG9uZS50eHQ=").send();
        String path = TestServer.pathOf(created.header("Location"));
        id = TestServer.idOf(path);
        assertThat(patch(port, path, 0, "abc").status).isEqualTo(204);
        assertThat(patch(port, path, 3, "def").status).isEqualTo(204);
        first.kill();
        assertThat(first.stderrText()).doesNotContain("k8s-mounted-secret");
        assertThat(first.stdoutText()).doesNotContain("k8s-mounted-secret").contains("(signed)");
      }
      record = uploads.resolve(id + ".hooks");
      assertThat(record).as("recorded before the 204").exists();
      JsonNode recorded = new ObjectMapper().readTree(record.toFile());
      recordedBody = recorded.get("Body").asText();
      assertThat(recorded.get("IdempotencyKey").asText()).isEqualTo(id + ":post-finish");
      assertThat(refusing.of("post-finish").size()).isLessThanOrEqualTo(1);
    }

    int receiverPort = ChildJvm.freePort();
    Path receiverOut = tmp.resolve("receiver.out");
    Process receiver = startExample(receiverPort, keyFile, receiverOut);
    try {
      int port = ChildJvm.freePort();
      try (ChildJvm second = ChildJvm.start(logs, env, "-host", "127.0.0.1", "-port", String.valueOf(port),
          "-upload-dir", uploads.toString(), "-hooks-http", "http://127.0.0.1:" + receiverPort + "/hooks",
          "-hooks-enabled-events", "post-finish")) {
        second.awaitReady(port, "/files/", Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(record) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(record).as("acknowledged, so forgotten").doesNotExist();
      }
      List<String> lines = Files.readAllLines(receiverOut);
      assertThat(lines).contains("verified " + recordedBody);
      JsonNode delivered = new ObjectMapper().readTree(recordedBody);
      assertThat(delivered.get("Type").asText()).isEqualTo("post-finish");
      assertThat(delivered.at("/Event/Upload/ID").asText()).isEqualTo(id);
      assertThat(delivered.at("/Event/Upload/Offset").asLong()).isEqualTo(6);
      assertThat(delivered.at("/Event/Upload/MetaData/filename").asText()).isEqualTo("done.txt");
      assertThat(delivered.at("/Event/HTTPRequest/Method").asText()).isEqualTo("PATCH");

      HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + receiverPort + "/hooks"))
          .header("Tus-Signature", "t=" + System.currentTimeMillis() / 1000 + ",v1=" + "00".repeat(32))
          .POST(HttpRequest.BodyPublishers.ofString(recordedBody)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).as("the example refuses a forged signature").isEqualTo(401);
    } finally {
      receiver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void killedWhileThePreFinishHookRunsDeliversPostFinishAfterRestart() throws Exception {
    Path uploads = tmp.resolve("uploads");
    Path logs = tmp.resolve("logs");
    try (TestReceiver receiver = new TestReceiver()) {
      receiver.responder = r -> r.type().equals("pre-finish") ? new TestReceiver.Reply(200, "{}", 120_000)
          : TestReceiver.Reply.ok("{}");
      String id;
      int port = ChildJvm.freePort();
      try (ChildJvm first = ChildJvm.start(logs, "-host", "127.0.0.1", "-port", String.valueOf(port),
          "-upload-dir", uploads.toString(), "-hooks-http", receiver.url().toString(), "-hooks-http-timeout", "300s",
          "-hooks-enabled-events", "pre-finish,post-finish")) {
        first.awaitReady(port, "/files/", Duration.ofSeconds(30));
        String path = TestServer.pathOf(RawHttp.to(port).request("POST", "/files/").tus()
            .header("Upload-Length", 3).send().header("Location"));
        id = TestServer.idOf(path);
        Thread patching = new Thread(() -> {
          try {
            patch(port, path, 0, "abc");
          } catch (IOException e) {
            // the server is killed while this PATCH waits for pre-finish
          }
        });
        patching.setDaemon(true);
        patching.start();
        receiver.await(r -> TestReceiver.count(r, "pre-finish") == 1, Duration.ofSeconds(20));
        first.kill();
      }
      assertThat(receiver.of("post-finish")).as("nothing delivered before pre-finish answered").isEmpty();
      assertThat(uploads.resolve(id + ".hooks")).as("recorded before the pre-finish hook was called").exists();

      receiver.responder = r -> TestReceiver.Reply.ok("{}");
      int again = ChildJvm.freePort();
      try (ChildJvm second = ChildJvm.start(logs, "-host", "127.0.0.1", "-port", String.valueOf(again),
          "-upload-dir", uploads.toString(), "-hooks-http", receiver.url().toString(),
          "-hooks-enabled-events", "pre-finish,post-finish")) {
        second.awaitReady(again, "/files/", Duration.ofSeconds(30));
        receiver.await(r -> TestReceiver.count(r, "post-finish") == 1, Duration.ofSeconds(20));
      }
      TestReceiver.Received delivered = receiver.of("post-finish").get(0);
      assertThat(delivered.upload("ID")).isEqualTo(id);
      assertThat(delivered.upload("Offset")).isEqualTo("3");
    }
  }

  private static RawHttp.Response patch(int port, String path, long offset, String bytes) throws IOException {
    return RawHttp.to(port).request("PATCH", path).tus().header("Content-Type", "application/offset+octet-stream")
        .header("Upload-Offset", offset).body(bytes).send();
  }

  /** Runs the documented receiver with the JDK's source launcher and waits until it listens. */
  private static Process startExample(int port, Path keyFile, Path out) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        EXAMPLE.toString(), String.valueOf(port), keyFile.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(out) && Files.readString(out, StandardCharsets.UTF_8).contains("listening on")) {
        return process;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the example receiver exited: " + Files.readString(out));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the example receiver did not start");
  }
}
