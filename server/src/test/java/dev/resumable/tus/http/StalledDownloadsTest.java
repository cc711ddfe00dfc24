package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.ProcessFiles;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.SlowDownloads;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No thread per download: 200 clients that start downloading a large upload and then stop reading do not keep the
 * server (64 workers) from answering HEAD, POST and PATCH, its thread count stays bounded, and every download's
 * resources (the open data file) are released once its client vanishes or the write timeout cuts it. The server runs
 * in this JVM, so its open files are this process's.
 */
class StalledDownloadsTest {
  private static final int DOWNLOADS = 200;
  private static final int SIZE = 16 * 1024 * 1024;

  @TempDir
  Path dir;
  TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String uploadLarge() throws IOException {
    byte[] content = new byte[SIZE];
    new Random(7).nextBytes(content);
    RawHttp.Response created = server.request("POST", "/files/").tus().header("Upload-Length", SIZE)
        .header("Content-Type", "application/offset+octet-stream").body(content).timeout(60_000).send();
    assertThat(created.status).as(created.toString()).isEqualTo(201);
    return TestServer.pathOf(created.header("Location"));
  }

  @Test
  @DisplayName("200 downloads whose clients stop reading: HEAD, POST and PATCH still answer; threads stay bounded")
  void stalledDownloadsDoNotStarveOthers() throws Exception {
    server = TestServer.start(dir, b -> { }, s -> s.networkTimeout(Duration.ofSeconds(120)));
    String large = uploadLarge();
    String small = server.create(10);
    Path data = dir.resolve(TestServer.idOf(large));
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < DOWNLOADS; i++) {
        Socket socket = SlowDownloads.open(server.port(), large, null);
        stalled.add(socket);
        // the download started (status and headers arrived); from now on this client reads nothing
        assertThat(SlowDownloads.statusAndHeaders(socket.getInputStream())).startsWith("HTTP/1.1 200");
      }
      Thread.sleep(1_000);
      long start = System.nanoTime();
      RawHttp.Response head = server.request("HEAD", small).tus().timeout(5_000).send();
      assertThat(head.status).isEqualTo(200);
      RawHttp.Response post = server.request("POST", "/files/").tus().header("Upload-Length", 5).timeout(5_000)
          .send();
      assertThat(post.status).isEqualTo(201);
      RawHttp.Response patch = server.request("PATCH", small).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").body("0123456789").timeout(5_000).send();
      assertThat(patch.status).isEqualTo(204);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("three requests amid %d stalled downloads",
          DOWNLOADS).isLessThan(Duration.ofSeconds(10));
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      System.out.printf("threads: %d before, %d with %d stalled downloads%n", threadsBefore, threads, DOWNLOADS);
      assertThat(threads - threadsBefore).as("threads added by %d stalled downloads", DOWNLOADS).isLessThan(40);
      assertThat(ProcessFiles.openUnder(data)).as("open data files while downloads stall").isPositive();
    } finally {
      for (Socket socket : stalled) {
        socket.setSoLinger(true, 0);
        socket.close();
      }
    }
    awaitClosed(data);
  }

  @Test
  @DisplayName("a downloader that stops reading is cut by the write timeout and its resources are released")
  void silentDownloaderIsCut() throws Exception {
    server = TestServer.start(dir, b -> { }, s -> s.networkTimeout(Duration.ofSeconds(2)));
    String large = uploadLarge();
    Path data = dir.resolve(TestServer.idOf(large));
    try (Socket socket = SlowDownloads.open(server.port(), large, null)) {
      InputStream in = socket.getInputStream();
      assertThat(SlowDownloads.statusAndHeaders(in)).startsWith("HTTP/1.1 200");
      assertThat(ProcessFiles.openUnder(data)).isEqualTo(1);
      awaitClosed(data);
      // the server ended the response early: the client never gets the whole body
      long received = 0;
      try {
        received = in.transferTo(OutputStream.nullOutputStream());
      } catch (IOException reset) {
        // a reset is as good as an end
      }
      assertThat(received).isLessThan(SIZE);
    }
    assertThat(server.request("HEAD", large).tus().send().status).isEqualTo(200);
  }

  /** Waits (up to 15 s) until this process has no open descriptor on {@code file}. */
  private static void awaitClosed(Path file) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    long open = ProcessFiles.openUnder(file);
    while (open > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      open = ProcessFiles.openUnder(file);
    }
    assertThat(open).as("descriptors still open on %s", file).isZero();
  }

}
