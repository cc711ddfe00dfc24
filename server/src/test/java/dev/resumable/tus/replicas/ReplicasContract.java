package dev.resumable.tus.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.cli.ChildJvm;
import dev.resumable.tus.store.s3.LocalS3;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three tus-server replicas (child JVMs) on one S3 bucket (S3Proxy), sharing a distributed locker, behind a
 * round-robin TCP proxy with no stickiness: the deployment docs/replicas.md describes. One subclass per locker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReplicasContract {
  private static final int REPLICAS = 3;

  /** This class's temporary directory: logs, the backend's files, the uploaded files. */
  Path dir;

  private final List<Replica> replicas = new ArrayList<>();
  private RoundRobinProxy proxy;

  /** The locker flags of every replica, e.g. {@code -locker redis -redis-url ...}. */
  protected abstract List<String> lockerArgs();

  @BeforeAll
  void startReplicas() throws Exception {
    NodeUpload.harness();
    dir = Files.createTempDirectory("tus-replicas-");
    LocalS3 s3 = LocalS3.shared();
    String bucket = s3.newBucket();
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY);
    env.put("AWS_REGION", "us-east-1");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < REPLICAS; i++) {
      int port = ChildJvm.freePort();
      ports.add(port);
      List<String> args = new ArrayList<>(List.of("-host", "127.0.0.1", "-port", Integer.toString(port),
          "-s3-bucket", bucket, "-s3-endpoint", s3.endpoint().toString(),
          "-s3-part-size", "5MiB", "-s3-min-part-size", "5MiB",
          "-lock-ttl", "4s", "-acquire-lock-timeout", "10s", "-shutdown-timeout", "5s"));
      args.addAll(lockerArgs());
      replicas.add(new Replica(port, dir.resolve("replica-" + i), env, args.toArray(new String[0])).start());
    }
    for (Replica replica : replicas) {
      replica.awaitReady();
    }
    proxy = new RoundRobinProxy(ports, 2L * 1024 * 1024);
  }

  @AfterAll
  void stopReplicas() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    for (Replica replica : replicas) {
      replica.close();
    }
    if (dir != null) {
      try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void concurrentPatchesAtOneOffsetThroughDifferentReplicasGiveExactlyOne204() throws Exception {
    int size = 512 * 1024;
    RawHttp.Response created = RawHttp.to(proxy.port()).request("POST", "/files/").tus()
        .header("Upload-Length", size).send();
    assertThat(created.status).isEqualTo(201);
    String path = TestServer.pathOf(created.header("Location"));
    byte[][] bodies = new byte[REPLICAS][size];
    for (int i = 0; i < REPLICAS; i++) {
      Arrays.fill(bodies[i], (byte) ('A' + i));
    }
    CountDownLatch headersSent = new CountDownLatch(REPLICAS);
    ExecutorService pool = Executors.newFixedThreadPool(2 * REPLICAS);
    List<Integer> statuses = new ArrayList<>();
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < REPLICAS; i++) {
        byte[] body = bodies[i];
        results.add(pool.submit(() -> patchSlowly(pool, path, body, headersSent)));
      }
      for (Future<Integer> result : results) {
        statuses.add(result.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(statuses).as("statuses %s; replicas' warnings: %s", statuses, warnings()).containsOnlyOnce(204);
    assertThat(statuses).as("statuses %s; replicas' warnings: %s", statuses, warnings())
        .allMatch(status -> status == 204 || status == 409 || status == 423);
    byte[] stored = download(path);
    assertThat(stored).hasSize(size);
    int winner = statuses.indexOf(204);
    assertThat(stored).as("the stored bytes are exactly the winner's, never interleaved").isEqualTo(bodies[winner]);
  }

  /** A PATCH at offset 0 on its own connection (so on its own replica), its body sent in paced pieces. */
  private int patchSlowly(ExecutorService pool, String path, byte[] body, CountDownLatch headersSent)
      throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(90_000);
      OutputStream out = socket.getOutputStream();
      out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.port()
          + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      headersSent.countDown();
      headersSent.await(30, TimeUnit.SECONDS);
      Thread.sleep(300);
      Future<?> writer = pool.submit(() -> {
        try {
          for (int offset = 0; offset < body.length; offset += 16 * 1024) {
            out.write(body, offset, Math.min(16 * 1024, body.length - offset));
            out.flush();
            Thread.sleep(10);
          }
        } catch (IOException | InterruptedException e) {
          // the server answered without reading the whole body (409, 423)
        }
        return null;
      });
      RawHttp.Response response = RawHttp.Response.read(socket.getInputStream(), "PATCH");
      writer.cancel(true);
      return response.status;
    }
  }

  /**
   * One replica after another is hit while uploads run: the first and the last are killed (SIGKILL), the middle one
   * is terminated (SIGTERM, which must exit 0 within the shutdown timeout); each is restarted before the next is hit.
   * One run covers both kinds of loss, at half the cost of a run per kind.
   */
  @Test
  void tusJsClientUploadsStayByteExactWhileReplicasAreKilledOrTerminatedInTurn() throws Exception {
    uploadWhile((replica, turn) -> {
      if (turn % 2 == 0) {
        replica.kill();
      } else {
        int exit = replica.terminate();
        assertThat(exit).as("graceful exit of a replica: %s", replica.output()).isZero();
      }
      replica.start().awaitReady();
    });
  }

  /** What happens to one replica at a time while uploads run; {@code turn} counts the replicas hit before it. */
  @FunctionalInterface
  interface Disruption {
    void apply(Replica replica, int turn) throws Exception;
  }

  /**
   * Uploads files with tus-js-client through the proxy while {@code disruption} hits each replica in turn; then checks
   * every upload succeeded and every stored file is byte-exact.
   */
  private void uploadWhile(Disruption disruption) throws Exception {
    UploadsUnderDisruption.Outcome outcome = UploadsUnderDisruption.run(dir, proxy, () -> {
      Thread.sleep(1500);
      int turn = 0;
      for (Replica replica : replicas) {
        disruption.apply(replica, turn++);
        Thread.sleep(1000);
      }
    });
    assertThat(outcome.failures()).as("failed uploads; replicas' warnings: %s", warnings()).isEmpty();
    assertThat(outcome.verified()).isGreaterThanOrEqualTo(6);
  }

  /** The replicas' warning and error log lines, for failure messages. */
  private String warnings() {
    StringBuilder lines = new StringBuilder();
    for (Replica replica : replicas) {
      for (String line : replica.output().split("\n")) {
        if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")) {
          lines.append('\n').append(replica.port()).append(": ").append(line);
        }
      }
    }
    return lines.toString();
  }

  /** GET through the proxy, retried while a replica is still coming up. */
  private byte[] download(String path) throws Exception {
    return UploadsUnderDisruption.download(proxy.port(), path);
  }
}
