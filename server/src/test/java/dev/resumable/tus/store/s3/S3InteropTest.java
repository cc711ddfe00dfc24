package dev.resumable.tus.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.TestServer;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tus-java-client against the server on the S3 store: chunked upload, interrupted and resumed, read back. */
class S3InteropTest {
  private static final int MIB = 1 << 20;

  @TempDir
  Path dir;
  TestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("tus-java-client: 2 MiB chunks, stopped after 3, resumed by fingerprint, bytes intact")
  void javaClientResumes() throws Exception {
    server = TestServer.start(S3TestBackend.INSTANCE, dir);
    byte[] data = new byte[13 * MIB + 17];
    new Random(5).nextBytes(data);
    TusClient client = new TusClient();
    client.setUploadCreationURL(new URL(server.endpoint()));
    client.enableResuming(new TusURLMemoryStore());
    TusUpload upload = new TusUpload();
    upload.setInputStream(new ByteArrayInputStream(data));
    upload.setSize(data.length);
    upload.setFingerprint("interop-" + System.nanoTime());
    upload.setMetadata(Map.of("filename", "data.bin"));
    TusUploader first = client.resumeOrCreateUpload(upload);
    first.setChunkSize(2 * MIB);
    for (int i = 0; i < 3; i++) {
      assertThat(first.uploadChunk()).isPositive();
    }
    first.finish();
    upload.setInputStream(new ByteArrayInputStream(data));
    TusUploader second = client.resumeOrCreateUpload(upload);
    assertThat(second.getOffset()).isEqualTo(6L * MIB);
    assertThat(second.getUploadURL()).isEqualTo(first.getUploadURL());
    second.setChunkSize(2 * MIB);
    while (second.uploadChunk() > -1) {
      // keep going
    }
    second.finish();
    String path = second.getUploadURL().getPath();
    assertThat(server.request("GET", path).send().body).isEqualTo(data);
    assertThat(server.stored().bytes(path)).isEqualTo(data);
  }
}
