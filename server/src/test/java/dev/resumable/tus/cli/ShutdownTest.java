package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful shutdown of the real executable in a child JVM: on SIGTERM readiness turns off and new requests get 503,
 * a PATCH that completes within the shutdown timeout gets its 204, a stalled PATCH is stopped after the timeout with
 * its bytes kept, every lock is released, and the process exits 0. Also checks {@code -log-format json}.
 */
class ShutdownTest {
  @TempDir
  Path dir;

  private static String create(int port, long length) throws IOException {
    return TestServer.pathOf(RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", length)
        .send().header("Location"));
  }

  @Test
  @DisplayName("SIGTERM drains: readiness off, new requests 503, running PATCH finishes, stalled PATCH keeps bytes")
  void gracefulShutdown() throws Exception {
    int port = ChildJvm.freePort();
    Path data = dir.resolve("data");
    try (ChildJvm child = ChildJvm.start(dir.resolve("logs"), "-host", "127.0.0.1", "-port", String.valueOf(port),
        "-upload-dir", data.toString(), "-shutdown-timeout", "2s", "-log-format", "json")) {
      child.awaitReady(port, "/files/", Duration.ofSeconds(30));
      JsonNode greeting = new ObjectMapper().readTree(child.stdoutText().lines().findFirst().orElseThrow());
      assertThat(greeting.get("level").asText()).isEqualTo("INFO");
      assertThat(greeting.get("formattedMessage").asText()).contains("listening on http://127.0.0.1:" + port);

      String finishing = create(port, 1000);
      String stalled = create(port, 10_000);
      try (Socket finishingSocket = RawHttp.openPatch(port, finishing, 0, 1000, new byte[500]);
           Socket stalledSocket = RawHttp.openPatch(port, stalled, 0, 10_000, new byte[1000])) {
        RawHttp.awaitOffset(port, finishing, 500);
        RawHttp.awaitOffset(port, stalled, 1000);
        child.process.destroy();

        Response readiness = null;
        for (int i = 0; i < 40; i++) {
          readiness = RawHttp.to(port).request("GET", "/readyz").send();
          if (readiness.status == 503) {
            break;
          }
          Thread.sleep(25);
        }
        assertThat(readiness.status).as("readiness during drain").isEqualTo(503);
        assertThat(RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", 1).send().status)
            .as("new requests during drain").isEqualTo(503);

        OutputStream out = finishingSocket.getOutputStream();
        out.write(new byte[500]);
        out.flush();
        Response finished = Response.read(finishingSocket.getInputStream(), "PATCH");
        assertThat(finished.status).isEqualTo(204);
        assertThat(finished.header("Upload-Offset")).isEqualTo("1000");

        assertThat(child.awaitExit(Duration.ofSeconds(20))).as(child.stdoutText()).isZero();
        assertThat(RawHttp.statusOnClose(stalledSocket)).as("a stopped PATCH is never acknowledged")
            .doesNotContain(" 2");
      }
      assertThat(Files.size(data.resolve(TestServer.idOf(stalled)))).isEqualTo(1000);
      assertThat(Files.size(data.resolve(TestServer.idOf(finishing)))).isEqualTo(1000);
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".lock"));
      }
      assertThat(child.stdoutText()).contains("stopped the requests still running");
    }
  }

  @Test
  @DisplayName("SIGTERM bounds the whole shutdown: a stalled body, a lock wait and a blocking hook end in time, "
      + "bytes kept, no lock left")
  void shutdownIsBoundedWhateverRuns() throws Exception {
    int port = ChildJvm.freePort();
    Path data = dir.resolve("data");
    try (ServerSocket silentReceiver = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         ChildJvm child = ChildJvm.start(dir.resolve("logs"), "-host", "127.0.0.1", "-port",
             String.valueOf(port), "-upload-dir", data.toString(), "-shutdown-timeout", "2s",
             "-acquire-lock-timeout", "120s", "-hooks-http",
             "http://127.0.0.1:" + silentReceiver.getLocalPort() + "/hook", "-hooks-enabled-events",
             "pre-terminate", "-hooks-http-timeout", "120s", "-hooks-http-retry", "0")) {
      child.awaitReady(port, "/files/", Duration.ofSeconds(30));
      String stalled = create(port, 10_000);
      String hooked = create(port, 100);
      try (Socket stalledSocket = RawHttp.openPatch(port, stalled, 0, 10_000, new byte[1000]);
           Socket deleting = openRaw(port, "DELETE " + hooked + " HTTP/1.1\r\nHost: x\r\n"
               + "Tus-Resumable: 1.0.0\r\nContent-Length: 0\r\n\r\n");
           Socket waiting = awaitLockHeld(port, hooked)) {
        RawHttp.awaitOffset(port, stalled, 1000);
        long start = System.nanoTime();
        child.process.destroy();
        assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.stdoutText()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("shutdown with a 2 s timeout")
            .isLessThan(Duration.ofSeconds(12));
        assertThat(RawHttp.statusOnClose(stalledSocket)).doesNotContain(" 2");
        assertThat(RawHttp.statusOnClose(deleting)).as("the DELETE blocked in its hook").doesNotContain(" 2");
        assertThat(RawHttp.statusOnClose(waiting)).as("the PATCH waiting for the lock").doesNotContain(" 2");
      }
      assertThat(Files.size(data.resolve(TestServer.idOf(stalled)))).isEqualTo(1000);
      assertThat(Files.exists(data.resolve(TestServer.idOf(hooked) + ".info"))).as("not terminated").isTrue();
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".lock"));
      }
    }
  }

  /**
   * Waits until the DELETE holds the upload's lock (its lease file exists), then sends a PATCH that must wait for it.
   */
  private Socket awaitLockHeld(int port, String path) throws Exception {
    Path lock = dir.resolve("data").resolve(TestServer.idOf(path) + ".lock");
    for (int i = 0; i < 200 && !Files.exists(lock); i++) {
      Thread.sleep(25);
    }
    assertThat(lock).as("the DELETE holds the lock while its hook runs").exists();
    return openRaw(port, "PATCH " + path + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\n"
        + "Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 10\r\n\r\n");
  }

  /** Sends {@code request} (head only) and leaves the connection open. */
  private static Socket openRaw(int port, String request) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }
}
