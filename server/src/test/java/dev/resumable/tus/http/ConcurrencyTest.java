package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
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
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Several requests on one upload: exactly one writer at a time, readers never blocked, a stalled writer taken over,
 * and the bytes of a cut request kept.
 */
@StoreContract
class ConcurrencyTest extends StoreServerTest {
  Socket stalledPatch(String path, long offset, int declared, byte[] sent) throws IOException {
    return RawHttp.openPatch(server.port(), path, offset, declared, sent);
  }

  /**
   * Waits until the server holds the first {@code arrived} bytes of a stalled PATCH, and returns the offset HEAD
   * shows meanwhile. A store that writes bytes as they arrive shows {@code arrived}; one that makes bytes durable in
   * larger units (parts, blocks) shows 0 until the PATCH ends, so there is nothing to wait for but the bytes'
   * arrival on the server.
   */
  long awaitArrival(String path, long arrived) throws Exception {
    if (!store.durableAsTheyArrive()) {
      Thread.sleep(300);
      return 0;
    }
    awaitOffset(path, arrived);
    return arrived;
  }

  void awaitOffset(String path, long expected) throws Exception {
    RawHttp.awaitOffset(server.port(), path, expected);
  }


  @Test
  @DisplayName("concurrent PATCHes at one offset: exactly one 204, the others 409/423, content intact")
  void concurrentPatchesAtSameOffset() throws Exception {
    server = TestServer.start(store, dir);
    int clients = 8;
    byte[] data = new byte[256 * 1024];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    String path = server.create(data.length);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        results.add(pool.submit((Callable<Integer>) () -> {
          go.await();
          return server.request("PATCH", path).tus().header("Upload-Offset", 0)
              .header("Content-Type", "application/offset+octet-stream").body(data).send().status;
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> result : results) {
        statuses.add(result.get());
      }
      assertThat(statuses).filteredOn(s -> s == 204).hasSize(1);
      assertThat(statuses).filteredOn(s -> s != 204).allMatch(s -> s == 409 || s == 423);
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.stored().bytes(path)).isEqualTo(data);
  }

  @Test
  @DisplayName("#18 #19 a PATCH cut by the client keeps every byte that arrived; the client resumes from there")
  void cutPatchKeepsBytes() throws Exception {
    server = TestServer.start(store, dir);
    String path = server.create(100);
    byte[] first = new byte[40];
    Arrays.fill(first, (byte) 'a');
    try (Socket socket = stalledPatch(path, 0, 100, first)) {
      awaitArrival(path, 40);
    }
    awaitOffset(path, 40);
    byte[] rest = new byte[60];
    Arrays.fill(rest, (byte) 'b');
    Response r = server.request("PATCH", path).tus().header("Upload-Offset", 40)
        .header("Content-Type", "application/offset+octet-stream").body(rest).send();
    assertThat(r.status).isEqualTo(204);
    assertThat(server.stored().text(path))
        .isEqualTo("a".repeat(40) + "b".repeat(60));
  }

  @Test
  @DisplayName("HEAD and GET are not blocked behind a running PATCH")
  void headIsNotBlockedByPatch() throws Exception {
    server = TestServer.start(store, dir);
    String path = server.create(100);
    try (Socket socket = stalledPatch(path, 0, 100, "0123456789".getBytes(StandardCharsets.US_ASCII))) {
      long durable = awaitArrival(path, 10);
      long start = System.nanoTime();
      Response head = server.request("HEAD", path).tus().send();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(durable));
      String done = server.create(1);
      server.request("PATCH", done).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").body("x").send();
      assertThat(server.request("GET", done).send().status).isEqualTo(200);
    }
  }

  /**
   * One takeover per locker the store runs with ({@link TestBackend#lockers()}): the memory locker everywhere, the
   * file locker where there is an upload directory (its cross-process stop files: {@code FileLockerTest}).
   */
  @TestFactory
  @DisplayName("a stalled lock holder is stopped when a resuming PATCH arrives; its bytes are kept")
  Stream<DynamicTest> stalledHolderIsTakenOver() {
    return store.lockers().stream().map(locker -> DynamicTest.dynamicTest("with the " + locker, () -> {
      Path lockerDir = Files.createDirectories(dir.resolve(locker.name().toLowerCase(Locale.ROOT)));
      Locker opened = locker.open(lockerDir);
      server = TestServer.start(store, lockerDir, b -> b.stallTimeout(Duration.ofMillis(300)).locker(opened));
      try {
        takeOverStalledHolder();
      } finally {
        server.close();
        server = null;
      }
    }));
  }

  private void takeOverStalledHolder() throws Exception {
    String path = server.create(100);
    byte[] first = new byte[30];
    Arrays.fill(first, (byte) 'a');
    try (Socket stalled = stalledPatch(path, 0, 100, first)) {
      long durable = awaitArrival(path, 30);
      long start = System.nanoTime();
      if (durable < 30) {
        Response stale = server.request("PATCH", path).tus().header("Upload-Offset", durable)
            .header("Content-Type", "application/offset+octet-stream").body(new byte[0]).send();
        assertThat(stale.status).as("the takeover stored the stalled bytes first").isEqualTo(409);
        awaitOffset(path, 30);
      }
      byte[] rest = new byte[70];
      Arrays.fill(rest, (byte) 'b');
      Response resumed = server.request("PATCH", path).tus().header("Upload-Offset", 30)
          .header("Content-Type", "application/offset+octet-stream").body(rest).send();
      assertThat(resumed.status).isEqualTo(204);
      assertThat(resumed.header("Upload-Offset")).isEqualTo("100");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(RawHttp.statusOnClose(stalled)).as("the stalled request is ended, never acknowledged")
          .doesNotContain(" 2");
    }
    assertThat(server.stored().text(path))
        .isEqualTo("a".repeat(30) + "b".repeat(70));
  }

  @Test
  @DisplayName("a busy lock holder is not interrupted: the waiter gets 423 after the lock timeout")
  void busyHolderKeepsLock() throws Exception {
    server = TestServer.start(store, dir, b -> b.stallTimeout(Duration.ofSeconds(30))
        .acquireLockTimeout(Duration.ofMillis(500)));
    String path = server.create(100);
    try (Socket busy = stalledPatch(path, 0, 100, "0123456789".getBytes(StandardCharsets.US_ASCII))) {
      long durable = awaitArrival(path, 10);
      Response waiter = server.request("PATCH", path).tus().header("Upload-Offset", durable)
          .header("Content-Type", "application/offset+octet-stream").body("x").send();
      assertThat(waiter.status).isEqualTo(423);
      OutputStream out = busy.getOutputStream();
      out.write(new byte[90]);
      out.flush();
      Response finished = Response.read(busy.getInputStream(), "PATCH");
      assertThat(finished.status).isEqualTo(204);
      assertThat(finished.header("Upload-Offset")).isEqualTo("100");
    }
  }
}
