package dev.resumable.tus.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.cli.ChildJvm;
import dev.resumable.tus.interop.Digests;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.StoreContract;
import dev.resumable.tus.testing.TestBackend;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Crash safety on every store, with the executable's default locker for it: a server child JVM is killed with
 * SIGKILL in the middle of a 24 MiB PATCH. A server restarted on the same storage must report the offset the store
 * durably holds (at most what was sent), the lock left behind by the dead process must not block the resuming
 * PATCH (the file locker's lease of a dead pid on this host is stale at once, not after its 30 s ttl), and the
 * resumed upload must be byte-exact (sha256 of the download and of what the store holds), which also proves the
 * bytes stored before the crash were exactly the prefix that was sent.
 */
@StoreContract
class CrashResumeTest {
  private static final int SIZE = 24 * 1024 * 1024;
  private static final int FAST_PART = 11 * 1024 * 1024;
  private static final int PIECE = 64 * 1024;
  private static final Duration START = Duration.ofSeconds(60);

  @Parameter
  TestBackend store;
  @TempDir
  Path tmp;

  private ChildJvm startServer(Path dir, int port) throws IOException, InterruptedException {
    TestBackend.CommandLine commandLine = store.commandLine(dir);
    List<String> args = new ArrayList<>(List.of("-port", String.valueOf(port), "-host", "127.0.0.1"));
    args.addAll(commandLine.args());
    ChildJvm child = ChildJvm.start(tmp.resolve("logs"), commandLine.env(), args.toArray(String[]::new));
    child.awaitReady(port, "/files/", START);
    return child;
  }

  @Test
  @DisplayName("SIGKILL mid-PATCH: the restarted server reports the stored offset, the dead lock does not block, "
      + "the resumed upload is byte-exact")
  void killedMidPatchThenRestartedAndResumedByteExact() throws Exception {
    byte[] source = new byte[SIZE];
    new Random(42).nextBytes(source);
    Path dir = tmp.resolve("store");

    int port = ChildJvm.freePort();
    String path;
    long sent;
    long killedPid;
    try (ChildJvm first = startServer(dir, port)) {
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
      assertThat(offset).as("HEAD from another connection sees stored bytes of the running PATCH").isPositive();

      first.kill();
      sender.join(10_000);
      socket.close();
      sent = written.get();
      assertThat(finished).as("the PATCH was still running when the server was killed").isFalse();
      assertThat(sent).isLessThan(SIZE);
    }

    String id = TestServer.idOf(path);
    long stored = store.stored(dir).size(path);
    assertThat(stored).as("bytes the store holds").isPositive().isLessThanOrEqualTo(sent);
    Optional<Path> lease = store.leaseOf(dir, id);
    if (lease.isPresent()) {
      assertThat(lease.get()).as("the killed server left its lease behind").exists();
      assertThat(Files.readString(lease.get(), StandardCharsets.UTF_8)).contains(" " + killedPid + " ");
    }

    int secondPort = ChildJvm.freePort();
    try (ChildJvm second = startServer(dir, secondPort)) {
      RawHttp.Response head = RawHttp.to(secondPort).request("HEAD", path).tus().send();
      assertThat(head.status).isEqualTo(200);
      assertThat(head.header("Upload-Offset")).as("the offset is what the store holds")
          .isEqualTo(String.valueOf(stored));
      assertThat(head.header("Upload-Length")).isEqualTo(String.valueOf(SIZE));

      long started = System.nanoTime();
      RawHttp.Response locked = RawHttp.to(secondPort).request("PATCH", path).tus()
          .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", stored)
          .body(new byte[0]).send();
      assertThat(locked.status).as(locked.toString()).isEqualTo(204);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the dead process's lock was broken at once, not waited out").isLessThan(Duration.ofSeconds(10));

      RawHttp.Response resumed = RawHttp.to(secondPort).request("PATCH", path).tus()
          .header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", stored)
          .body(Arrays.copyOfRange(source, (int) stored, SIZE)).timeout(120_000).send();
      assertThat(resumed.status).as(resumed.toString()).isEqualTo(204);
      assertThat(resumed.header("Upload-Offset")).isEqualTo(String.valueOf(SIZE));

      RawHttp.Response get = RawHttp.to(secondPort).request("GET", path).timeout(120_000).send();
      assertThat(get.status).isEqualTo(200);
      assertThat(Digests.sha256(get.body)).isEqualTo(Digests.sha256(source));
      assertThat(Digests.sha256(store.stored(dir).bytes(path))).as("what the store holds")
          .isEqualTo(Digests.sha256(source));
    }
  }

  /** Sends a PATCH of the whole source: the first 11 MiB at full speed, the rest slowly, until done or cut. */
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
