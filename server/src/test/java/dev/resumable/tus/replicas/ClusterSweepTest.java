package dev.resumable.tus.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.LocalRedis;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expiration sweep with three replicas (child JVMs) on one upload directory and a Redis locker: one replica
 * sweeps for all of them, an upload whose lock an active (stalled) PATCH holds is never deleted even though it is
 * expired by its time stamps, and when the sweeping replica dies another one takes over the sweep.
 */
class ClusterSweepTest {
  private static final Pattern REMOVED = Pattern.compile("expiration sweep removed (\\d+) upload");
  private static final String SWEEPER = "now runs the expiration sweep";

  @TempDir
  Path tmp;

  @Test
  void oneReplicaSweepsNeverALockedUploadAndAnotherTakesOverWhenItDies() throws Exception {
    try (LocalRedis redis = LocalRedis.start(tmp.resolve("redis"));
        ReplicaSet set = ReplicaSet.start(3, tmp.resolve("logs"), Map.of(), List.of(
            "-upload-dir", tmp.resolve("uploads").toString(), "-locker", "redis", "-redis-url", redis.url(),
            "-lock-ttl", "3s", "-acquire-lock-timeout", "10s", "-expiration", "3s"))) {
      List<String> expired = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        expired.add(createWithBytes(set.get(i % 3).port(), 100, 10));
      }
      int busyPort = set.get(1).port();
      String busy = create(busyPort, 20);
      byte[] content = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
      try (Socket socket = RawHttp.openPatch(busyPort, busy, 0, 20, Arrays.copyOf(content, 10))) {
        socket.setSoTimeout(30_000);
        RawHttp.awaitOffset(busyPort, busy, 10);
        long stalledSince = System.nanoTime();

        for (String path : expired) {
          awaitStatus(set.get(0).port(), path, 404, set);
        }
        long stalledMillis = (System.nanoTime() - stalledSince) / 1_000_000;
        if (stalledMillis < 7_000) {
          Thread.sleep(7_000 - stalledMillis);
        }
        // the busy upload's time stamps are 7 s old (expiration 3 s, sweeps every second): only its lock kept it
        assertThat(head(set.get(2).port(), busy).status).as("while its PATCH is stalled").isEqualTo(410);

        OutputStream out = socket.getOutputStream();
        out.write(content, 10, 10);
        out.flush();
        RawHttp.Response response = RawHttp.Response.read(socket.getInputStream(), "PATCH");
        assertThat(response.status).as("the stalled PATCH completes; %s", set.outputs()).isEqualTo(204);
      }
      RawHttp.Response done = head(set.get(0).port(), busy);
      assertThat(done.status).isEqualTo(200);
      assertThat(done.header("Upload-Offset")).isEqualTo("20");
      assertThat(Files.readAllBytes(tmp.resolve("uploads").resolve(TestServer.idOf(busy)))).isEqualTo(content);

      List<Integer> sweepers = new ArrayList<>();
      int removed = 0;
      for (int i = 0; i < 3; i++) {
        String output = set.get(i).output();
        if (output.contains(SWEEPER)) {
          sweepers.add(i);
        }
        int mine = removedBy(output);
        assertThat(mine == 0 || output.contains(SWEEPER)).as("only the sweeper removes; %s", set.outputs()).isTrue();
        removed += mine;
      }
      assertThat(sweepers).as("exactly one replica sweeps; %s", set.outputs()).hasSize(1);
      assertThat(removed).as("each expired upload removed once").isEqualTo(6);

      int first = sweepers.get(0);
      set.get(first).kill();
      int survivor = (first + 1) % 3;
      List<String> later = List.of(createWithBytes(set.get(survivor).port(), 50, 5),
          createWithBytes(set.get((first + 2) % 3).port(), 50, 5));
      for (String path : later) {
        awaitStatus(set.get(survivor).port(), path, 404, set);
      }
      long takenOver = set.replicas.stream().filter(r -> r != set.get(first) && r.output().contains(SWEEPER))
          .count();
      assertThat(takenOver).as("one surviving replica took over the sweep; %s", set.outputs()).isEqualTo(1);
    }
  }

  private static int removedBy(String output) {
    int total = 0;
    Matcher matcher = REMOVED.matcher(output);
    while (matcher.find()) {
      total += Integer.parseInt(matcher.group(1));
    }
    return total;
  }

  private static String create(int port, int length) throws Exception {
    RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", length)
        .send();
    assertThat(created.status).isEqualTo(201);
    return TestServer.pathOf(created.header("Location"));
  }

  private static String createWithBytes(int port, int length, int bytes) throws Exception {
    String path = create(port, length);
    RawHttp.Response patched = RawHttp.to(port).request("PATCH", path).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream").body(new byte[bytes]).send();
    assertThat(patched.status).isEqualTo(204);
    return path;
  }

  private static RawHttp.Response head(int port, String path) throws Exception {
    return RawHttp.to(port).request("HEAD", path).tus().send();
  }

  private static void awaitStatus(int port, String path, int expected, ReplicaSet set) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    int last = 0;
    while (System.nanoTime() < deadline) {
      last = head(port, path).status;
      if (last == expected) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("HEAD " + path + " answered " + last + ", not " + expected + set.outputs());
  }
}
