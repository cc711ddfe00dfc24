package dev.resumable.tus.replicas;

import dev.resumable.tus.store.s3.LocalS3;
import dev.resumable.tus.testing.LocalRedis;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test): small uploads (POST {@code Upload-Length: 1024} + one 1 KiB PATCH, each request on a new
 * connection, so a load balancer sends the PATCH to any replica) through a round-robin TCP proxy, to one replica and
 * to three replicas on the same S3 bucket (S3Proxy on loopback) with the Redis locker, in interleaved rounds.
 * Arguments: seconds per measurement (default 10), client threads (16), rounds (3). Run by {@code bench/replicas-bench.sh}.
 */
public final class ReplicasBench {
  private static final byte[] KIB = new byte[1024];

  private ReplicasBench() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path work = Files.createTempDirectory("replicas-bench");
    LocalS3 s3 = LocalS3.shared();
    try (LocalRedis redis = LocalRedis.start(work.resolve("redis"))) {
      Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY,
          "AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY, "AWS_REGION", "us-east-1");
      List<String> serverArgs = List.of("-s3-bucket", "", "-s3-endpoint", s3.endpoint().toString(),
          "-locker", "redis", "-redis-url", redis.url());
      Map<Integer, List<Double>> rates = Map.of(1, new ArrayList<>(), 3, new ArrayList<>());
      for (int round = 1; round <= rounds; round++) {
        for (int replicas : new int[] {1, 3}) {
          List<String> argsOf = new ArrayList<>(serverArgs);
          argsOf.set(1, s3.newBucket());
          try (ReplicaSet set = ReplicaSet.start(replicas, work.resolve("logs-" + round + "-" + replicas), env,
              argsOf);
              RoundRobinProxy balancer = new RoundRobinProxy(set.replicas.stream().map(Replica::port).toList(), 0)) {
            measure(balancer.port(), clients, 2);
            double rate = measure(balancer.port(), clients, seconds);
            rates.get(replicas).add(rate);
            System.out.printf(Locale.ROOT, "round %d, %d replica(s): %.0f uploads/s%n", round, replicas, rate);
          }
        }
      }
      for (int replicas : new int[] {1, 3}) {
        List<Double> sorted = new ArrayList<>(rates.get(replicas));
        sorted.sort(null);
        System.out.printf(Locale.ROOT, "%d replica(s): rounds %s, median %.0f uploads/s%n", replicas,
            rates.get(replicas).stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(),
            sorted.get(sorted.size() / 2));
      }
    }
    // the shared S3Proxy runs on non-daemon threads and would keep the bench's JVM alive
    System.exit(0);
  }

  /** Small uploads per second from {@code clients} threads for {@code seconds}; any failure aborts the bench. */
  private static double measure(int port, int clients, int seconds) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> runs = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < clients; i++) {
        runs.add(pool.submit(() -> {
          while (System.nanoTime() < end) {
            RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus()
                .header("Upload-Length", KIB.length).send();
            if (created.status != 201) {
              throw new IllegalStateException("POST answered " + created.status);
            }
            RawHttp.Response patched = RawHttp.to(port).request("PATCH",
                TestServer.pathOf(created.header("Location"))).tus().header("Upload-Offset", 0)
                .header("Content-Type", "application/offset+octet-stream").body(KIB).send();
            if (patched.status != 204) {
              throw new IllegalStateException("PATCH answered " + patched.status);
            }
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      return done.get() / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
