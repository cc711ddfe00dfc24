package dev.resumable.tus.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.server.TusServer;
import dev.resumable.tus.testing.CuttableProxy;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * S3 failing under a running server, for real: the connection to S3Proxy is cut mid-upload. The PATCH that hits the
 * outage answers 500 (so clients retry), readiness turns 503, nothing acknowledged is lost, and once S3 is back the
 * client resumes from HEAD to a byte-exact result.
 */
class S3FaultTest {
  private static final int MIB = 1024 * 1024;

  @Test
  @DisplayName("an S3 outage mid-upload: 500 and /readyz 503, no acknowledged byte lost, resume after recovery")
  void outageDuringPatch() throws Exception {
    byte[] data = new byte[12 * MIB];
    new Random(7).nextBytes(data);
    String bucket = LocalS3.shared().newBucket();
    try (CuttableProxy proxy = new CuttableProxy(LocalS3.shared().endpoint().getPort())) {
      S3Store store = LocalS3.shared().store(bucket, b -> b.endpoint(proxy.uri()).partSize(5 * MIB)
          .minPartSize(5 * MIB));
      TusHandler handler = TusHandler.builder().store(store).build();
      try (TusServer server = TusServer.builder().host("127.0.0.1").port(0).handler(handler)
          .readiness(store::checkReady).start()) {
        String path = TestServer.pathOf(RawHttp.to(server.port()).request("POST", "/files/").tus()
            .header("Upload-Length", data.length).send().header("Location"));
        Response first = patch(server.port(), path, 0, Arrays.copyOfRange(data, 0, 6 * MIB));
        assertThat(first.status).isEqualTo(204);
        assertThat(first.header("Upload-Offset")).isEqualTo(String.valueOf(6 * MIB));

        proxy.cut();
        Response failed = patch(server.port(), path, 6 * MIB, Arrays.copyOfRange(data, 6 * MIB, 6 * MIB + 1024));
        assertThat(failed.status).as("S3 down: retryable 500").isEqualTo(500);
        assertThat(failed.text()).doesNotContain("Exception").doesNotContain("127.0.0.1");
        assertThat(RawHttp.to(server.port()).request("GET", "/readyz").send().status).isEqualTo(503);
        proxy.restore();
        assertThat(RawHttp.to(server.port()).request("GET", "/readyz").send().status).isEqualTo(200);
        assertThat(offset(server.port(), path)).isEqualTo(6L * MIB);

        // S3 fails while parts of a running PATCH are being uploaded
        int sent = 4 * MIB;
        try (Socket socket = RawHttp.openPatch(server.port(), path, 6 * MIB, 6 * MIB,
            Arrays.copyOfRange(data, 6 * MIB, 6 * MIB + sent))) {
          Thread.sleep(300);
          proxy.cut();
          try {
            socket.getOutputStream().write(data, 6 * MIB + sent, 2 * MIB);
            socket.getOutputStream().flush();
            Response midway = Response.read(socket.getInputStream(), "PATCH");
            assertThat(midway.status).as("never acknowledged while S3 is down").isEqualTo(500);
          } catch (IOException reset) {
            // the server answered early and closed the connection: equally unacknowledged
          }
        }
        proxy.restore();
        long offset = offset(server.port(), path);
        assertThat(offset).as("nothing acknowledged is lost").isBetween(6L * MIB, (long) data.length);
        Response resumed = patch(server.port(), path, offset, Arrays.copyOfRange(data, (int) offset, data.length));
        assertThat(resumed.status).isEqualTo(204);
        byte[] stored = RawHttp.to(server.port()).request("GET", path).send().body;
        assertThat(MessageDigest.getInstance("SHA-256").digest(stored))
            .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
      } finally {
        handler.close();
        store.close();
      }
    }
  }

  private static long offset(int port, String path) throws IOException {
    return Long.parseLong(RawHttp.to(port).request("HEAD", path).tus().send().header("Upload-Offset"));
  }

  private static Response patch(int port, String path, long offset, byte[] body) throws Exception {
    return RawHttp.to(port).request("PATCH", path).tus().header("Upload-Offset", offset)
        .header("Content-Type", "application/offset+octet-stream").body(body).timeout(120_000).send();
  }
}
