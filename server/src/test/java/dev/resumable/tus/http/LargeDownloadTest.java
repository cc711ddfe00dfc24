package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.SlowDownloads;
import dev.resumable.tus.testing.StoreContract;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Downloads larger than many network buffers, sent without a thread per client: byte-exact whole and in ranges that
 * cross buffers, to a client that pauses long enough for the store's reader to be released and reopened, and after a
 * client that vanished mid-download. Part of the store-contract suite (file store, S3Proxy, Azurite).
 */
@StoreContract
class LargeDownloadTest extends StoreServerTest {
  /** Larger than the socket buffers a small client window lets the server fill, and than several parts. */
  static final int SIZE = 11 * 1024 * 1024 + 12_345;

  byte[] content;
  String path;

  @BeforeEach
  void upload() throws IOException {
    server = TestServer.start(store, dir);
    content = new byte[SIZE];
    new Random(42).nextBytes(content);
    RawHttp.Response created = server.request("POST", "/files/").tus().header("Upload-Length", SIZE)
        .header("Content-Type", "application/offset+octet-stream").body(content).timeout(60_000).send();
    assertThat(created.status).as(created.toString()).isEqualTo(201);
    assertThat(created.header("Upload-Offset")).isEqualTo(String.valueOf(SIZE));
    path = TestServer.pathOf(created.header("Location"));
  }

  @Test
  @DisplayName("a whole large download is byte-exact, also for a client that pauses twice for 2.5 s")
  void wholeDownloadWithPauses() throws Exception {
    try (Socket socket = get(path, null)) {
      InputStream in = socket.getInputStream();
      assertThat(SlowDownloads.statusAndHeaders(in)).startsWith("HTTP/1.1 200").contains("Content-Length: " + SIZE);
      byte[] received = new byte[SIZE];
      int at = 0;
      int[] pauseAt = {SIZE / 3, 2 * SIZE / 3};
      int nextPause = 0;
      while (at < SIZE) {
        int n = in.read(received, at, Math.min(64 * 1024, SIZE - at));
        assertThat(n).as("bytes after %d", at).isPositive();
        at += n;
        if (nextPause < pauseAt.length && at >= pauseAt[nextPause]) {
          Thread.sleep(2_500);
          nextPause++;
        }
      }
      assertThat(Arrays.equals(received, content)).as("the download equals the upload").isTrue();
    }
  }

  @Test
  @DisplayName("ranges that cross buffers and parts are byte-exact (206)")
  void rangesAcrossBuffers() throws Exception {
    int start = 1_000_003;
    int end = 9_876_543;
    RawHttp.Response middle = server.request("GET", path).header("Range", "bytes=" + start + "-" + end)
        .timeout(60_000).send();
    assertThat(middle.status).isEqualTo(206);
    assertThat(middle.header("Content-Range")).isEqualTo("bytes " + start + "-" + end + "/" + SIZE);
    assertThat(Arrays.equals(middle.body, Arrays.copyOfRange(content, start, end + 1))).isTrue();
    RawHttp.Response tail = server.request("GET", path).header("Range", "bytes=-70000").timeout(60_000).send();
    assertThat(Arrays.equals(tail.body, Arrays.copyOfRange(content, SIZE - 70_000, SIZE))).isTrue();
  }

  @Test
  @DisplayName("a downloader that vanishes mid-download does not disturb the next one")
  void vanishingDownloader() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (Socket socket = get(path, null)) {
        InputStream in = socket.getInputStream();
        assertThat(SlowDownloads.statusAndHeaders(in)).startsWith("HTTP/1.1 200");
        assertThat(in.readNBytes(100_000)).hasSize(100_000);
        socket.setSoLinger(true, 0);
      }
    }
    RawHttp.Response whole = server.request("GET", path).timeout(60_000).send();
    assertThat(whole.status).isEqualTo(200);
    assertThat(Arrays.equals(whole.body, content)).isTrue();
  }

  private Socket get(String uploadPath, String range) throws IOException {
    return SlowDownloads.open(server.port(), uploadPath, range);
  }
}
