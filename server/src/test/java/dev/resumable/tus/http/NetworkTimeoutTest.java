package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client silent for the network timeout in the middle of a PATCH body always gets the 408 that says its bytes were
 * kept — never a connection closed without a response, nor a 500. Undertow's own read timeout used to race the body
 * pump's timer and, when it fired first, closed the connection before the 408 went out; the scenario is repeated
 * often enough (in parallel) that such a race shows.
 */
class NetworkTimeoutTest {
  private static final int ROUNDS = 3;
  private static final int PARALLEL = 30;

  @TempDir
  Path dir;
  TestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("a PATCH silent for -network-timeout gets 408 with its bytes kept, every time")
  void silentPatchAlwaysGets408() throws Exception {
    server = TestServer.start(dir, b -> { }, s -> s.networkTimeout(Duration.ofSeconds(1)));
    ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<String> outcomes = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
          results.add(clients.submit(this::silentPatch));
        }
        for (Future<String> result : results) {
          outcomes.add(result.get());
        }
      }
      assertThat(outcomes).as("status line and offset afterwards of each silent PATCH")
          .hasSize(ROUNDS * PARALLEL).allMatch(o -> o.startsWith("HTTP/1.1 408 ") && o.endsWith("; offset 10"));
    } finally {
      clients.shutdownNow();
    }
  }

  /** One upload whose PATCH sends 10 of 100 bytes and then nothing: what the client got, and the offset after. */
  private String silentPatch() throws Exception {
    String path = server.create(100);
    String status;
    try (Socket socket = RawHttp.openPatch(server.port(), path, 0, 100,
        "0123456789".getBytes(StandardCharsets.US_ASCII))) {
      status = RawHttp.statusOnClose(socket);
    }
    String offset = server.request("HEAD", path).tus().send().header("Upload-Offset");
    return (status.isEmpty() ? "closed without a response" : status) + "; offset " + offset;
  }
}
