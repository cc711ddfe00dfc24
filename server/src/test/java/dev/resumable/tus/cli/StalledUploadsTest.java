package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.ProcessFiles;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No thread per in-flight upload: 2,000 uploads whose clients sent one byte and then went silent do not keep the
 * real executable (a child JVM with a 256 MiB heap) from answering anyone else, and its thread count stays far
 * below the number of uploads. Then every client sends one more byte at once, a few times over, as phones on a
 * network that comes back do: the server's network buffers are reused, so those bursts fit in
 * {@value #DIRECT_MEMORY} of direct memory (Undertow's default pool freed and re-allocated a buffer per byte and ran
 * out of direct memory). Each upload then holds exactly the bytes it sent. The client side opens plain socket
 * channels one after the other (no thread per connection in this JVM either); 2,000 connections need about 4,000
 * file descriptors across both processes (the machines allow 20,000).
 */
class StalledUploadsTest {
  private static final int UPLOADS = 2_000;
  private static final int MAX_THREADS = 150;
  /** Bursts in which every stalled client sends one more byte. */
  private static final int BURSTS = 3;
  private static final String DIRECT_MEMORY = "48m";

  @TempDir
  Path dir;

  @Test
  @DisplayName("2,000 stalled uploads: HEAD, POST and /readyz from another client still answer; threads, open files "
      + "and direct memory stay bounded")
  void stalledUploadsDoNotStarveOthers() throws Exception {
    int port = ChildJvm.freePort();
    try (ChildJvm child = ChildJvm.start(dir.resolve("logs"), List.of("-XX:MaxDirectMemorySize=" + DIRECT_MEMORY),
        Map.of(), "-host", "127.0.0.1", "-port",
        String.valueOf(port), "-upload-dir", dir.resolve("data").toString(), "-network-timeout", "300s")) {
      child.awaitReady(port, "/files/", Duration.ofSeconds(30));
      List<String> paths = new ArrayList<>();
      List<SocketChannel> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < UPLOADS; i++) {
          String path = TestServer.pathOf(RawHttp.to(port).request("POST", "/files/").tus()
              .header("Upload-Length", 100).send().header("Location"));
          paths.add(path);
          stalled.add(openStalledPatch(port, path));
        }
        // every body's first byte is stored while its client stays silent
        RawHttp.awaitOffset(port, paths.get(0), 1);
        RawHttp.awaitOffset(port, paths.get(UPLOADS - 1), 1);

        long start = System.nanoTime();
        Response head = RawHttp.to(port).request("HEAD", paths.get(UPLOADS / 2)).tus().timeout(5_000).send();
        assertThat(head.status).isEqualTo(200);
        assertThat(head.header("Upload-Offset")).isEqualTo("1");
        Response post = RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", 5)
            .timeout(5_000).send();
        assertThat(post.status).isEqualTo(201);
        assertThat(RawHttp.to(port).request("GET", "/readyz").timeout(5_000).send().status).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("three requests amid 2,000 stalled uploads")
            .isLessThan(Duration.ofSeconds(15));

        int threads = threadsOf(child.pid());
        System.out.printf("server threads with %d stalled uploads: %d%n", UPLOADS, threads);
        assertThat(threads).as("server threads with %d uploads in flight", UPLOADS).isLessThan(MAX_THREADS);
        long openFiles = ProcessFiles.openUnder(child.pid(), dir.resolve("data"));
        System.out.printf("upload files open with %d stalled uploads: %d%n", UPLOADS, openFiles);
        assertThat(openFiles).as("upload files held open by %d stalled uploads (a descriptor each would exhaust"
            + " the process's limit before the connections do)", UPLOADS).isLessThan(UPLOADS / 20);

        for (int burst = 1; burst <= BURSTS; burst++) {
          for (SocketChannel channel : stalled) {
            channel.write(ByteBuffer.wrap(new byte[] {'x'}));
          }
          RawHttp.awaitOffset(port, paths.get(0), 1 + burst);
          RawHttp.awaitOffset(port, paths.get(UPLOADS - 1), 1 + burst);
        }
      } finally {
        for (SocketChannel channel : stalled) {
          channel.close();
        }
      }
      for (String path : paths) {
        RawHttp.awaitOffset(port, path, 1 + BURSTS);
      }
      assertThat(child.stdoutText() + child.stderrText()).as("the server's log")
          .doesNotContain("OutOfMemoryError").doesNotContain("no network buffer free");
      // the cut requests released their locks: each upload can be finished
      for (int i = 0; i < UPLOADS; i += 400) {
        Response done = RawHttp.to(port).request("PATCH", paths.get(i)).tus()
            .header("Upload-Offset", 1 + BURSTS).header("Content-Type", "application/offset+octet-stream")
            .body(new byte[99 - BURSTS]).send();
        assertThat(done.status).as(paths.get(i)).isEqualTo(204);
        assertThat(done.header("Upload-Offset")).isEqualTo("100");
      }
    }
  }

  /** A PATCH that declares 99 bytes, sends one and then nothing (the connection stays open). */
  private static SocketChannel openStalledPatch(int port, String path) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    String head = "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
        + "Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 99\r\n\r\nx";
    ByteBuffer bytes = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    return channel;
  }


  private static int threadsOf(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    throw new AssertionError("no thread count for process " + pid);
  }
}
