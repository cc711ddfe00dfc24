package dev.resumable.tus.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.http.UploadListener;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real Java client {@code io.tus.java.client:tus-java-client} 0.5.1 over loopback HTTP. Proves that
 * the server understands its PATCH-as-{@code POST} + {@code X-HTTP-Method-Override}, its creation request and its
 * metadata, that a multi-request upload arrives byte for byte (sha256 of a GET download), and that an upload stopped
 * after a few requests is resumed by a new client from the server's offset (HEAD) with the same URL store, creating
 * nothing new and re-sending nothing.
 */
class JavaClientInteropTest {
  private static final int SIZE = 3 * 1024 * 1024 + 12_345;
  private static final int CHUNK = 64 * 1024;
  private static final int REQUEST_PAYLOAD = 256 * 1024;

  @TempDir
  Path tmp;

  private TestServer server;
  private final AtomicInteger created = new AtomicInteger();
  private final List<Long> receivedBytes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    UploadListener listener = new UploadListener() {
      @Override
      public void created(UploadInfo upload) {
        created.incrementAndGet();
      }

      @Override
      public void received(UploadInfo upload, long bytes) {
        receivedBytes.add(bytes);
      }
    };
    server = TestServer.start(tmp.resolve("store"), b -> b.listener(listener));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TusClient client(TusURLMemoryStore urls) throws Exception {
    TusClient client = new TusClient();
    client.setUploadCreationURL(new URL(server.endpoint()));
    client.enableResuming(urls);
    return client;
  }

  private TusUpload upload(Path file) throws Exception {
    TusUpload upload = new TusUpload(file.toFile());
    upload.setFingerprint("interop-" + file.getFileName());
    upload.setMetadata(Map.of("filename", file.getFileName().toString(), "filetype", "application/octet-stream"));
    return upload;
  }

  @Test
  void uploadsAFileInSmallRequestsByteForByte() throws Exception {
    Path file = tmp.resolve("whole.bin");
    byte[] source = Digests.randomFile(file, SIZE, 1);

    TusUploader uploader = client(new TusURLMemoryStore()).resumeOrCreateUpload(upload(file));
    uploader.setChunkSize(CHUNK);
    uploader.setRequestPayloadSize(REQUEST_PAYLOAD);
    while (uploader.uploadChunk() > -1) {
      // keep going
    }
    uploader.finish();

    assertThat(uploader.getOffset()).isEqualTo(SIZE);
    String path = TestServer.pathOf(uploader.getUploadURL().toString());
    RawHttp.Response head = server.request("HEAD", path).tus().send();
    assertThat(head.status).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(SIZE));
    assertThat(head.header("Upload-Length")).isEqualTo(String.valueOf(SIZE));
    assertThat(head.header("Upload-Metadata")).contains("filename d2hvbGUuYmlu");
    // several PATCH requests (sent as POST + X-HTTP-Method-Override), all accepted
    assertThat(created.get()).isEqualTo(1);
    assertThat(receivedBytes).hasSize((SIZE + REQUEST_PAYLOAD - 1) / REQUEST_PAYLOAD);
    RawHttp.Response get = server.request("GET", path).send();
    assertThat(get.status).isEqualTo(200);
    assertThat(Digests.sha256(get.body)).isEqualTo(Digests.sha256(source));
    assertThat(Digests.sha256(server.dir.resolve(TestServer.idOf(path)))).isEqualTo(Digests.sha256(source));
  }

  @Test
  void interruptedUploadResumesFromTheServerOffsetWithANewClient() throws Exception {
    Path file = tmp.resolve("interrupted.bin");
    byte[] source = Digests.randomFile(file, SIZE, 2);
    TusURLMemoryStore urls = new TusURLMemoryStore();

    // first client: three whole requests, then it goes away without finishing
    TusUploader first = client(urls).resumeOrCreateUpload(upload(file));
    first.setChunkSize(CHUNK);
    first.setRequestPayloadSize(REQUEST_PAYLOAD);
    for (int i = 0; i < 3 * REQUEST_PAYLOAD / CHUNK; i++) {
      assertThat(first.uploadChunk()).isPositive();
    }
    long sentBefore = first.getOffset();
    URL url = first.getUploadURL();
    assertThat(sentBefore).isEqualTo(3L * REQUEST_PAYLOAD);
    String path = TestServer.pathOf(url.toString());
    assertThat(server.request("HEAD", path).tus().send().header("Upload-Offset"))
        .isEqualTo(String.valueOf(sentBefore));

    // second client, same URL store: HEAD, then continue from the server's offset
    TusUploader second = client(urls).resumeOrCreateUpload(upload(file));
    assertThat(second.getUploadURL()).isEqualTo(url);
    assertThat(second.getOffset()).isEqualTo(sentBefore);
    second.setChunkSize(CHUNK);
    second.setRequestPayloadSize(REQUEST_PAYLOAD);
    while (second.uploadChunk() > -1) {
      // keep going
    }
    second.finish();

    assertThat(created.get()).as("the resumed client created no new upload").isEqualTo(1);
    assertThat(receivedBytes.stream().mapToLong(Long::longValue).sum())
        .as("no byte was sent twice").isEqualTo(SIZE);
    RawHttp.Response get = server.request("GET", path).send();
    assertThat(get.status).isEqualTo(200);
    assertThat(get.body.length).isEqualTo(SIZE);
    assertThat(Digests.sha256(get.body)).isEqualTo(Digests.sha256(source));
  }
}
