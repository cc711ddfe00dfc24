import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockEvents;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.ReleaseRequest;
import dev.resumable.tus.lock.etcd.EtcdLocker;
import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.lock.memory.MemoryLocker;
import dev.resumable.tus.lock.redis.RedisLocker;
import io.etcd.jetcd.Client;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * Lock round trip per locker: acquire + release of a free upload lock, one after the other, and the hand-over
 * latency when a second locker instance (another "process") waits for a held lock and the holder lets go on request.
 *
 * <pre>java -cp server/target/tus-server.jar bench/LockBench.java REDIS_URL ETCD_ENDPOINT [rounds]</pre>
 * (bench/lock-bench.sh starts redis-server and etcd on loopback and runs this.)
 */
public final class LockBench {
  public static void main(String[] args) throws Exception {
    String redisUrl = args[0];
    String etcdEndpoint = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    Path dir = Files.createTempDirectory("lock-bench-");
    Duration ttl = Duration.ofSeconds(10);
    Duration timeout = Duration.ofSeconds(2);
    System.out.printf("%-7s %10s %10s %10s   %s%n", "locker", "p50 ms", "p99 ms", "max ms", "(acquire+release, "
        + rounds + " rounds)");
    MemoryLocker memory = new MemoryLocker();
    run("memory", memory, memory, rounds);
    run("file", new FileLocker(dir), new FileLocker(dir), rounds);
    run("redis", new RedisLocker(redisUrl, ttl, timeout, LockEvents.NONE),
        new RedisLocker(redisUrl, ttl, timeout, LockEvents.NONE), rounds);
    run("etcd", new EtcdLocker(Client.builder().endpoints(etcdEndpoint), ttl, timeout, LockEvents.NONE),
        new EtcdLocker(Client.builder().endpoints(etcdEndpoint), ttl, timeout, LockEvents.NONE), rounds);
    System.exit(0);
  }

  private static void run(String name, Locker a, Locker b, int rounds) throws Exception {
    for (int i = 0; i < Math.min(200, rounds); i++) {
      try (Lock lock = a.lock(UUID.randomUUID().toString(), Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
        lock.isValid();
      }
    }
    long[] free = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      String id = UUID.randomUUID().toString();
      long start = System.nanoTime();
      Lock lock = a.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE);
      lock.close();
      free[i] = System.nanoTime() - start;
    }
    int handovers = Math.max(20, rounds / 20);
    long[] handover = new long[handovers];
    for (int i = 0; i < handovers; i++) {
      String id = UUID.randomUUID().toString();
      Lock[] held = new Lock[1];
      held[0] = a.lock(id, Duration.ofSeconds(10), () -> held[0].close());
      long start = System.nanoTime();
      try (Lock taken = b.lock(id, Duration.ofSeconds(10), ReleaseRequest.IGNORE)) {
        handover[i] = System.nanoTime() - start;
      }
    }
    System.out.printf("%-7s %10.2f %10.2f %10.2f   hand-over on request: p50 %.1f ms, p99 %.1f ms (%d rounds)%n",
        name, pct(free, 50), pct(free, 99), pct(free, 100), pct(handover, 50), pct(handover, 99), handovers);
    a.close();
    if (b != a) {
      b.close();
    }
  }

  private static double pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
