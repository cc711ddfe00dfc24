package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.store.s3.LocalS3;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with {@code -s3-bucket} against a real S3 implementation (S3Proxy): the store is S3, readiness
 * follows the bucket, and S3 request latency and part-upload concurrency reach the metrics. Credentials come from
 * the AWS default chain (here its system-property source), as in production.
 */
class S3WiringTest {
  @TempDir
  Path dir;
  ServerCommand.Running running;

  @BeforeEach
  void credentials() {
    System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.server.close();
    }
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  @DisplayName("-s3-bucket: uploads land in S3, /readyz follows the bucket, S3 metrics are exported")
  void s3StoreThroughTheCommandLine() throws IOException {
    LocalS3 s3 = LocalS3.shared();
    String bucket = s3.newBucket();
    running = Launch.start("-host", "127.0.0.1", "-port", "0", "-upload-dir", dir.toString(),
        "-s3-bucket", bucket, "-s3-endpoint", s3.endpoint().toString(), "-s3-region", "us-east-1",
        "-s3-object-prefix", "uploads/");
    int port = running.server.port();
    Response created = RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", 5)
        .header("Content-Type", "application/offset+octet-stream").body("hello").send();
    assertThat(created.status).isEqualTo(201);
    assertThat(created.header("Upload-Offset")).isEqualTo("5");
    String path = TestServer.pathOf(created.header("Location"));
    assertThat(RawHttp.to(port).request("GET", path).send().text()).isEqualTo("hello");
    assertThat(s3.keys(bucket)).anyMatch(k -> k.startsWith("uploads/") && k.endsWith(".info"));
    assertThat(RawHttp.to(port).request("GET", "/readyz").send().status).isEqualTo(200);

    String metrics = RawHttp.to(port).request("GET", "/metrics").send().text();
    assertThat(metrics).containsPattern("tus_s3_request_duration_seconds_count\\{operation=\"CreateMultipartUpload\",outcome=\"ok\"\\} [1-9]");
    assertThat(metrics).contains("tus_s3_part_uploads_in_flight 0.0");

    s3.client().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(s3.keys(bucket).stream()
        .map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(k).build()).toList())));
    s3.client().deleteBucket(b -> b.bucket(bucket));
    assertThat(RawHttp.to(port).request("GET", "/readyz").send().status).isEqualTo(503);
  }
}
