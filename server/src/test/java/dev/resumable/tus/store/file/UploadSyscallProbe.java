package dev.resumable.tus.store.file;

import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.server.TusServer;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run by {@link UploadSyscallTest} in a child JVM under strace: a real server on a file store in this process, and
 * small uploads (POST {@code Upload-Length: 1024}, then one 1 KiB PATCH) sent to it over loopback. Each request is
 * framed by two look-ups of marker files that do not exist ({@code <dir>/.mark-<round>-<request>-begin|end}), so the
 * trace shows which system calls each request made.
 */
public final class UploadSyscallProbe {
  private static final int WARM_UP = 30;

  private UploadSyscallProbe() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    FileStore store = new FileStore(dir, false);
    TusHandler handler = TusHandler.builder().store(store).build();
    TusServer server = TusServer.builder().host("127.0.0.1").port(0).handler(handler)
        .networkTimeout(Duration.ofSeconds(30)).start();
    try {
      for (int i = 0; i < WARM_UP; i++) {
        upload(server.port(), dir, null);
      }
      for (int i = 0; i < rounds; i++) {
        upload(server.port(), dir, String.valueOf(i));
      }
    } finally {
      server.close();
      handler.close();
    }
    System.out.println("done");
  }

  private static void upload(int port, Path dir, String round) throws IOException {
    mark(dir, round, "post-begin");
    RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", 1024)
        .send();
    mark(dir, round, "post-end");
    if (created.status != 201) {
      throw new IOException("POST: " + created);
    }
    String path = TestServer.pathOf(created.header("Location"));
    mark(dir, round, "patch-begin");
    RawHttp.Response patched = RawHttp.to(port).request("PATCH", path).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream").body(new byte[1024]).send();
    mark(dir, round, "patch-end");
    if (patched.status != 204) {
      throw new IOException("PATCH: " + patched);
    }
  }

  private static void mark(Path dir, String round, String what) {
    if (round != null) {
      Files.exists(dir.resolve(".mark-" + round + "-" + what));
    }
  }
}
