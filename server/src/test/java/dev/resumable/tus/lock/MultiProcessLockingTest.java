package dev.resumable.tus.lock;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes (child JVMs) on one upload directory with the default file locker: concurrent PATCHes at the
 * same offset to the same upload, half of them through each server, all past the offset check at once (each sends
 * its headers, waits for the others, then sends its body). Exactly one gets 204; every other one gets 409 or 423; the stored upload
 * is exactly the winner's body, as both servers report. Without a lock that works across processes, both servers
 * would accept a PATCH at offset 0 and mix their bytes.
 */
class MultiProcessLockingTest {
  private static final int SIZE = 1024 * 1024;
  private static final int PER_SERVER = 3;

  @TempDir
  Path tmp;

  @Test
  void concurrentPatchesThroughTwoProcessesExactlyOneWins() throws Exception {
    Path dir = tmp.resolve("store");
    Path logs = tmp.resolve("logs");
    int portA = ChildJvm.freePort();
    int portB = ChildJvm.freePort();
    try (ChildJvm a = ChildJvm.start(logs, "-port", String.valueOf(portA), "-upload-dir", dir.toString(),
            "-host", "127.0.0.1", "-locker", "file");
        ChildJvm b = ChildJvm.start(logs, "-port", String.valueOf(portB), "-upload-dir", dir.toString(),
            "-host", "127.0.0.1", "-locker", "file")) {
      a.awaitReady(portA, "/files/", Duration.ofSeconds(30));
      b.awaitReady(portB, "/files/", Duration.ofSeconds(30));
      RawHttp.Response created = RawHttp.to(portA).request("POST", "/files/").tus()
          .header("Upload-Length", SIZE).send();
      assertThat(created.status).isEqualTo(201);
      String path = TestServer.pathOf(created.header("Location"));

      int total = 2 * PER_SERVER;
      List<byte[]> bodies = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        byte[] body = new byte[SIZE];
        new Random(100 + i).nextBytes(body);
        bodies.add(body);
      }
      CyclicBarrier headersSent = new CyclicBarrier(total);
      ExecutorService pool = Executors.newFixedThreadPool(total);
      List<Future<Integer>> statuses = new ArrayList<>();
      try {
        for (int i = 0; i < total; i++) {
          int port = i % 2 == 0 ? portA : portB;
          byte[] body = bodies.get(i);
          statuses.add(pool.submit(() -> patch(port, path, body, headersSent)));
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> status : statuses) {
          codes.add(status.get(60, TimeUnit.SECONDS));
        }
        assertThat(codes.stream().filter(c -> c == 204)).as("statuses %s", codes).hasSize(1);
        assertThat(codes).as("statuses %s", codes).allMatch(c -> c == 204 || c == 409 || c == 423);
        int winner = codes.indexOf(204);

        byte[] stored = Files.readAllBytes(dir.resolve(TestServer.idOf(path)));
        assertThat(stored.length).isEqualTo(SIZE);
        assertThat(Digests.sha256(stored)).as("the upload holds exactly the winner's body")
            .isEqualTo(Digests.sha256(bodies.get(winner)));
        for (int port : new int[] {portA, portB}) {
          RawHttp.Response head = RawHttp.to(port).request("HEAD", path).tus().send();
          assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(SIZE));
        }
        RawHttp.Response get = RawHttp.to(portB).request("GET", path).send();
        assertThat(Digests.sha256(get.body)).isEqualTo(Digests.sha256(bodies.get(winner)));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** A PATCH at offset 0: its headers, a wait until every request sent its headers, then the body. */
  private static int patch(int port, String path, byte[] body, CyclicBarrier headersSent) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      String head = "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
          + "Tus-Resumable: 1.0.0\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      headersSent.await(30, TimeUnit.SECONDS);
      // let both servers take every request past its offset check and into the locker before any byte arrives
      Thread.sleep(300);
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // a refused request may be answered before its body was read: read the answer anyway
      }
      return RawHttp.Response.read(socket.getInputStream(), "PATCH").status;
    }
  }
}
