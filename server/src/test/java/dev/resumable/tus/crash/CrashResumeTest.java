package dev.resumable.tus.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.cli.ChildJvm;
import dev.resumable.tus.interop.Digests;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the file store with the default file locker: a server child JVM is killed with SIGKILL in the
 * middle of a 64 MiB PATCH. A server restarted on the same directory must report an offset equal to the data file's
 * length, the stored bytes must be exactly the prefix that was sent, the lease left behind by the dead process must
 * not block the resuming PATCH (same host, dead pid: stale at once, not after the 30 s lease ttl), and the resumed
 * upload must be byte-exact (sha256).
 */
class CrashResumeTest {
  private static final int SIZE = 64 * 1024 * 1024;
  private static final int FAST_PART = 20 * 1024 * 1024;
  private static final int PIECE = 64 * 1024;

  @TempDir
  Path tmp;

  @Test
  void killedMidPatchThenRestartedAndResumedByteExact() throws Exception {
    byte[] source = new byte[SIZE];
    new Random(42).nextBytes(source);
    Path dir = tmp.resolve("store");
    Path logs = tmp.resolve("logs");

    int port = ChildJvm.freePort();
    String path;
    long sent;
    long killedPid;
    try (ChildJvm first = ChildJvm.start(logs, "-port", String.valueOf(port), "-upload-dir", dir.toString(),
        "-host", "127.0.0.1")) {
      first.awaitReady(port, "/files/", Duration.ofSeconds(30));
      killedPid = first.pid();
      RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus()
          .header("Upload-Length", SIZE).send();
      assertThat(created.status).isEqualTo(201);
      path = TestServer.pathOf(created.header("Location"));

      AtomicLong written = new AtomicLong();
      AtomicBoolean finished = new AtomicBoolean();
      Socket socket = new Socket("127.0.0.1", port);
      Thread sender = new Thread(() -> stream(socket, port, path, source, written, finished), "patch-sender");
      sender.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      long offset = 0;
      while (System.nanoTime() < deadline && (written.get() < FAST_PART || offset == 0)) {
        Thread.sleep(20);
        if (written.get() >= FAST_PART) {
          offset = Long.parseLong(RawHttp.to(port).request("HEAD", path).tus().send().header("Upload-Offset"));
        }
      }
      assertThat(offset).as("HEAD from another connection sees the running PATCH's bytes").isPositive();

      first.kill();
      sender.join(10_000);
      socket.close();
      sent = written.get();
      assertThat(finished).as("the PATCH was still running when the server was killed").isFalse();
      assertThat(sent).isLessThan(SIZE);
    }

    String id = TestServer.idOf(path);
    Path data = dir.resolve(id);
    long stored = Files.size(data);
    assertThat(stored).isPositive().isLessThanOrEqualTo(sent);
    byte[] storedBytes = Files.readAllBytes(data);
    assertThat(Arrays.equals(storedBytes, 0, (int) stored, source, 0, (int) stored))
        .as("the stored bytes are the prefix that was sent").isTrue();
    Path lease = dir.resolve(id + ".lock");
    assertThat(lease).as("the killed server left its lease behind").exists();
    assertThat(Files.readString(lease, StandardCharsets.UTF_8)).contains(" " + killedPid + " ");

    int secondPort = ChildJvm.freePort();
    try (ChildJvm second = ChildJvm.start(logs, "-port", String.valueOf(secondPort), "-upload-dir",
        dir.toString(), "-host", "127.0.0.1")) {
      second.awaitReady(secondPort, "/files/", Duration.ofSeconds(30));
      RawHttp.Response head = RawHttp.to(secondPort).request("HEAD", path).tus().send();
      assertThat(head.status).isEqualTo(200);
      assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(stored));
      assertThat(head.header("Upload-Length")).isEqualTo(String.valueOf(SIZE));

      long started = System.nanoTime();
      RawHttp.Response resumed = RawHttp.to(secondPort).request("PATCH", path).tus()
          .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", stored)
          .body(Arrays.copyOfRange(source, (int) stored, SIZE)).timeout(60_000).send();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(resumed.status).as(resumed.toString()).isEqualTo(204);
      assertThat(resumed.header("Upload-Offset")).isEqualTo(String.valueOf(SIZE));
      assertThat(took).as("the dead process's lease was broken at once, not waited out")
          .isLessThan(Duration.ofSeconds(10));

      RawHttp.Response get = RawHttp.to(secondPort).request("GET", path).timeout(60_000).send();
      assertThat(get.status).isEqualTo(200);
      assertThat(Digests.sha256(get.body)).isEqualTo(Digests.sha256(source));
      assertThat(Digests.sha256(data)).isEqualTo(Digests.sha256(source));
    }
  }

  /** Sends a PATCH of the whole source: the first 20 MiB at full speed, the rest slowly, until done or cut. */
  private static void stream(Socket socket, int port, String path, byte[] source, AtomicLong written,
      AtomicBoolean finished) {
    try {
      OutputStream out = socket.getOutputStream();
      String head = "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nTus-Resumable: 1.0.0\r\n"
          + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: " + SIZE
          + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      for (int at = 0; at < SIZE; at += PIECE) {
        out.write(source, at, PIECE);
        out.flush();
        written.addAndGet(PIECE);
        if (at >= FAST_PART) {
          Thread.sleep(20);
        }
      }
      finished.set(true);
    } catch (IOException e) {
      // the server was killed: expected
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
