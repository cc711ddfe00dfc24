package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 items 4 and 5 in the event-driven path: a deferred-length upload completed by a body-less PATCH that only
 * declares its length is finished (pre-finish, post-finish, the finished count), and a chunk sent with
 * {@code Upload-Checksum} is never observable before it is verified — not by HEAD, not in the stored data (what a
 * crash would leave), not after its client went away.
 */
class ChunkSafetyTest {
  @TempDir
  Path dir;

  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("a deferred length declared by a body-less PATCH equal to the offset finishes the upload")
  void deferredLengthDeclaredAloneFinishes() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    Hooks hooks = new Hooks() {
      @Override
      public HookResponse preFinish(HookRequest request, UploadInfo upload) {
        events.add("pre-finish " + upload.offset() + "/" + upload.size());
        return null;
      }

      @Override
      public void postFinish(HookRequest request, UploadInfo upload) {
        events.add("post-finish");
      }
    };
    UploadListener listener = new UploadListener() {
      @Override
      public void finished(UploadInfo upload) {
        events.add("finished");
      }
    };
    server = TestServer.start(dir, b -> b.hooks(hooks).listener(listener));
    String path = TestServer.pathOf(server.request("POST", "/files/").tus().header("Upload-Defer-Length", 1)
        .send().header("Location"));
    assertThat(patch(path, 0, "0123456789".getBytes(StandardCharsets.US_ASCII)).status).isEqualTo(204);
    assertThat(events).isEmpty();

    Response declared = server.request("PATCH", path).tus().header("Upload-Offset", 10).header("Upload-Length", 10)
        .header("Content-Type", "application/offset+octet-stream").body(new byte[0]).send();
    assertThat(declared.status).isEqualTo(204);
    assertThat(declared.header("Upload-Offset")).isEqualTo("10");
    assertThat(events).containsExactly("pre-finish 10/10", "post-finish", "finished");
    assertThat(server.request("HEAD", path).tus().send().header("Upload-Length")).isEqualTo("10");
  }

  @Test
  @DisplayName("a checksummed chunk is invisible until verified: HEAD and the stored data show none of it")
  void checksummedChunkInvisibleUntilVerified() throws Exception {
    server = TestServer.start(dir);
    String path = server.create(100);
    byte[] data = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = openChecksummedPatch(path, data, 40)) {
      Thread.sleep(500);
      assertThat(server.request("HEAD", path).tus().send().header("Upload-Offset")).isEqualTo("0");
      assertThat(server.stored().bytes(path)).as("what a crash now would leave").isEmpty();
      OutputStream out = socket.getOutputStream();
      out.write(data, 40, 60);
      out.flush();
      Response done = Response.read(socket.getInputStream(), "PATCH");
      assertThat(done.status).isEqualTo(204);
      assertThat(done.header("Upload-Offset")).isEqualTo("100");
    }
    assertThat(server.stored().bytes(path)).isEqualTo(data);
  }

  @Test
  @DisplayName("a checksummed chunk cut by its client leaves no trace")
  void cutChecksummedChunkLeavesNothing() throws Exception {
    server = TestServer.start(dir);
    String path = server.create(100);
    byte[] data = "y".repeat(100).getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = openChecksummedPatch(path, data, 40)) {
      Thread.sleep(300);
    }
    Thread.sleep(300);
    assertThat(server.request("HEAD", path).tus().send().header("Upload-Offset")).isEqualTo("0");
    assertThat(server.stored().bytes(path)).isEmpty();
    assertThat(patch(path, 0, data).status).isEqualTo(204);
    assertThat(server.stored().bytes(path)).isEqualTo(data);
  }

  private Response patch(String path, long offset, byte[] body) throws IOException {
    return server.request("PATCH", path).tus().header("Upload-Offset", offset)
        .header("Content-Type", "application/offset+octet-stream").body(body).send();
  }

  /** A PATCH of {@code data} with its SHA-1 declared, of which only the first {@code sent} bytes are sent. */
  private Socket openChecksummedPatch(String path, byte[] data, int sent) throws Exception {
    String sha1 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(data));
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
        + "Upload-Checksum: sha1 " + sha1 + "\r\nContent-Type: application/offset+octet-stream\r\n"
        + "Content-Length: " + data.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data, 0, sent);
    out.flush();
    return socket;
  }
}
