package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.LocalEtcd;
import dev.resumable.tus.testing.LocalRedis;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -locker redis} and {@code -locker etcd} through the real command line: flag errors, credentials kept out of
 * the logs, lock metrics, and readiness following the locker's backend through an outage.
 */
class LockerWiringTest {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void missingOrMisplacedBackendFlagsExitWithOneLine() throws Exception {
    ChildJvm noUrl = ChildJvm.start(dir.resolve("logs"), "-locker", "redis", "-port", "0");
    assertThat(noUrl.awaitExit(EXIT)).isEqualTo(2);
    assertThat(noUrl.stderrText()).contains("-locker redis needs -redis-url");
    ChildJvm stray = ChildJvm.start(dir.resolve("logs"), Map.of("TUS_ETCD_ENDPOINTS", "http://127.0.0.1:1"),
        "-port", "0");
    assertThat(stray.awaitExit(EXIT)).isEqualTo(2);
    assertThat(stray.stderrText()).contains("-etcd-endpoints is set but -locker is file");
  }

  @Test
  void storeSizeWithADistributedLockerExitsTwoWithOneLine() throws Exception {
    Map<String, List<String>> lockers = Map.of(
        "redis", List.of("-redis-url", "redis://127.0.0.1:1"),
        "etcd", List.of("-etcd-endpoints", "http://127.0.0.1:1"));
    for (Map.Entry<String, List<String>> locker : lockers.entrySet()) {
      List<String> args = new ArrayList<>(List.of("-locker", locker.getKey(), "-store-size", "1GiB",
          "-port", "0", "-upload-dir", dir.resolve("uploads").toString()));
      args.addAll(locker.getValue());
      try (ChildJvm child = ChildJvm.start(dir.resolve("logs"), args.toArray(new String[0]))) {
        assertThat(child.awaitExit(EXIT)).as("exit code; stderr: %s", child.stderrText()).isEqualTo(2);
        List<String> lines = child.stderrText().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("stderr: %s", child.stderrText()).hasSize(1);
        assertThat(lines.get(0)).contains("-store-size cannot be used with -locker " + locker.getKey())
            .contains("-max-size").doesNotContain("Exception");
      }
    }
  }

  @Test
  void redisLockerServesUploadsAndReadinessFollowsRedis() throws Exception {
    LocalRedis redis = LocalRedis.start(dir.resolve("redis"));
    String password = "Pa55-not-for-logs";
    String url = "redis://default:" + password + "@127.0.0.1:" + redis.port() + "/0";
    int port = ChildJvm.freePort();
    try (redis; ChildJvm server = ChildJvm.start(dir.resolve("logs"), Map.of("TUS_REDIS_URL", url), "-host",
        "127.0.0.1", "-port", Integer.toString(port), "-upload-dir", dir.resolve("data").toString(),
        "-locker", "redis", "-lock-ttl", "2s")) {
      server.awaitReady(port, "/files/", Duration.ofSeconds(120));
      uploadSucceeds(port);
      assertThat(RawHttp.to(port).request("GET", "/readyz").send().status).isEqualTo(200);
      String metrics = RawHttp.to(port).request("GET", "/metrics").send().text();
      assertThat(metrics).contains("tus_lock_acquire_seconds_count{locker=\"redis\",outcome=\"acquired\"}")
          .contains("tus_lock_hold_seconds_count{locker=\"redis\"}")
          .contains("tus_lock_leases_lost_total{locker=\"redis\"}");
      redis.stop();
      awaitReadiness(port, 503);
      redis.start();
      awaitReadiness(port, 200);
      uploadSucceeds(port);
      String logs = server.stdoutText() + server.stderrText();
      assertThat(logs).contains("redis://127.0.0.1:" + redis.port() + "/0").doesNotContain(password);
    }
  }

  @Test
  void etcdLockerServesUploadsAndReadinessFollowsEtcd() throws Exception {
    LocalEtcd etcd = LocalEtcd.start(dir.resolve("etcd"));
    int port = ChildJvm.freePort();
    try (etcd; ChildJvm server = ChildJvm.start(dir.resolve("logs"), "-host", "127.0.0.1", "-port",
        Integer.toString(port), "-upload-dir", dir.resolve("data").toString(), "-locker", "etcd",
        "-etcd-endpoints", etcd.endpoint(), "-lock-ttl", "2s")) {
      server.awaitReady(port, "/files/", Duration.ofSeconds(120));
      uploadSucceeds(port);
      assertThat(RawHttp.to(port).request("GET", "/metrics").send().text())
          .contains("tus_lock_acquire_seconds_count{locker=\"etcd\",outcome=\"acquired\"}");
      etcd.stop();
      awaitReadiness(port, 503);
      etcd.start();
      awaitReadiness(port, 200);
      uploadSucceeds(port);
    }
  }

  private static void uploadSucceeds(int port) throws Exception {
    RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus().header("Upload-Length", 5).send();
    assertThat(created.status).isEqualTo(201);
    String path = TestServer.pathOf(created.header("Location"));
    RawHttp.Response patched = RawHttp.to(port).request("PATCH", path).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream").body("hello").send();
    assertThat(patched.status).as("PATCH: %s", patched).isEqualTo(204);
  }

  private static void awaitReadiness(int port, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int status = -1;
    while (System.nanoTime() < deadline) {
      status = RawHttp.to(port).request("GET", "/readyz").timeout(10_000).send().status;
      if (status == expected) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(status).as("/readyz").isEqualTo(expected);
  }
}
