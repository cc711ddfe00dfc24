package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
}
