package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.SlowDownloads;
import dev.resumable.tus.testing.TestServer;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No network buffer per stalled download: {@value #DOWNLOADS} downloads of a 4 MiB upload whose clients read the
 * response's headers and then stop reading would hold {@value #DOWNLOADS} buffers of 64 KiB (25 MiB) if each kept
 * its buffer while waiting. The real executable runs with {@value #DIRECT_MEMORY} of direct memory (128 such
 * buffers), and every download still starts, because a download whose client took nothing for a second gives its
 * buffer back. Then some of them read to the end: byte-exact, the bytes that were in the given-back buffer read again
 * from the store.
 */
class StalledDownloadBuffersTest {
  private static final int DOWNLOADS = 400;
  private static final int BATCH = 40;
  private static final int SIZE = 4 * 1024 * 1024;
  private static final String DIRECT_MEMORY = "8m";

  @TempDir
  Path dir;

  @Test
  @DisplayName("400 stalled downloads fit in 8 MiB of direct memory, and each resumes byte-exact")
  void stalledDownloadsGiveTheirBuffersBack() throws Exception {
    int port = ChildJvm.freePort();
    try (ChildJvm child = ChildJvm.start(dir.resolve("logs"), List.of("-XX:MaxDirectMemorySize=" + DIRECT_MEMORY),
        Map.of(), "-host", "127.0.0.1", "-port", String.valueOf(port), "-upload-dir",
        dir.resolve("data").toString(), "-network-timeout", "300s")) {
      child.awaitReady(port, "/files/", Duration.ofSeconds(30));
      byte[] content = new byte[SIZE];
      new Random(3).nextBytes(content);
      RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", SIZE)
          .header("Content-Type", "application/offset+octet-stream").body(content).timeout(60_000).send();
      assertThat(created.status).as(created.toString()).isEqualTo(201);
      String path = TestServer.pathOf(created.header("Location"));

      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < DOWNLOADS; i++) {
          Socket socket = SlowDownloads.open(port, path, null);
          stalled.add(socket);
          assertThat(SlowDownloads.statusAndHeaders(socket.getInputStream())).as("download %d", i)
              .startsWith("HTTP/1.1 200");
          if (i % BATCH == BATCH - 1) {
            // a batch's buffers are given back after a second without progress
            Thread.sleep(1_500);
          }
        }
        for (int i = 0; i < DOWNLOADS; i += DOWNLOADS / 4) {
          byte[] received = stalled.get(i).getInputStream().readNBytes(SIZE);
          assertThat(received.length).as("bytes of download %d", i).isEqualTo(SIZE);
          assertThat(Arrays.equals(received, content)).as("download %d equals the upload", i).isTrue();
        }
      } finally {
        for (Socket socket : stalled) {
          socket.setSoLinger(true, 0);
          socket.close();
        }
      }
      assertThat(child.stdoutText() + child.stderrText()).as("the server's log")
          .doesNotContain("OutOfMemoryError").doesNotContain("no network buffer free");
    }
  }
}
