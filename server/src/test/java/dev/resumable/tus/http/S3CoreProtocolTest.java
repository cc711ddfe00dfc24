package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.store.s3.S3TestBackend;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CoreProtocolTest} against the S3 store on S3Proxy. Upload IDs there are tusd's
 * {@code <objectId>+<multipartUploadId>}, so the two tests on the ID's form are restated.
 */
@ExtendWith(S3TestBackend.class)
class S3CoreProtocolTest extends CoreProtocolTest {
  private static final String S3_ID = "[0-9a-f]{32}\\+[A-Za-z0-9._~-]+";

  @Override
  @Test
  @DisplayName("#29 creation: 201 with an absolute Location naming <128-bit hex>+<multipart upload ID>")
  void creationReturnsLocation() throws IOException {
    Response r = server.request("POST", "/files/").tus().header("Upload-Length", 10).send();
    assertThat(r.status).isEqualTo(201);
    assertThat(r.header("Location")).matches("http://127\\.0\\.0\\.1:\\d+/files/" + S3_ID);
  }

  @Override
  @Test
  @DisplayName("IDs are unguessable: 128 random bits plus the multipart upload ID, never repeated")
  void idsAreRandom() throws IOException {
    String a = TestServer.idOf(server.create(1));
    String b = TestServer.idOf(server.create(1));
    assertThat(a).isNotEqualTo(b).matches(S3_ID);
    assertThat(a.substring(0, 32)).isNotEqualTo(b.substring(0, 32));
  }
}
