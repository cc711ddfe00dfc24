package dev.resumable.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.TestResources;
import dev.resumable.operator.api.v1alpha1.S3Storage;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.DesiredDeployment;
import dev.resumable.tus.replicas.NodeUpload;
import dev.resumable.tus.replicas.RoundRobinProxy;
import dev.resumable.tus.replicas.UploadsUnderDisruption;
import dev.resumable.tus.store.s3.LocalS3;
import dev.resumable.tus.testing.LocalRedis;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling upgrade of the HA sample ({@code config/samples/tusserver-s3-ha.yaml}) at process level: the Deployment
 * the operator builds for it (its desired-state builder is a pure function of the spec) is run as three local server
 * processes with exactly the container's arguments and environment ({@link LocalPod}), on a real S3 (S3Proxy) and a
 * real password-protected redis-server, behind a round-robin balancer whose backends are the ready pods. The only
 * spec changes are the two addresses that differ outside a cluster (the S3 endpoint and the Redis host). Then each
 * pod is replaced the way the Deployment's strategy says (RollingUpdate, maxSurge 1, maxUnavailable 0): the new pod
 * starts and becomes ready and an endpoint, the old one leaves the endpoints, its preStop delay passes, it gets
 * SIGTERM and must exit 0 within the rest of its grace period — while tus-js-client uploads files through the
 * balancer. No upload may fail, and every file must be stored byte-exact.
 */
class RollingUpgradeTest {
  private static final String SAMPLE = "config/samples/tusserver-s3-ha.yaml";
  private static final Duration START = Duration.ofSeconds(180);

  private final List<LocalPod> everyPod = new ArrayList<>();

  @Test
  void noUploadFailsWhileTheHaSampleRollsOnePodAtATime(@TempDir Path tmp) throws Exception {
    NodeUpload.harness();
    LocalS3 s3 = LocalS3.shared();
    String password = "p" + UUID.randomUUID().toString().replace("-", "");
    try (LocalRedis redis = LocalRedis.start(tmp.resolve("redis"))) {
      requirePassword(redis, password);
      TusServer server = TestResources.tusServer(TestResources.read(TestResources.repoDir().resolve(SAMPLE)));
      server.getMetadata().setNamespace("resumable-upload");
      S3Storage bucket = server.getSpec().getStorage().getS3();
      bucket.setEndpoint(s3.endpoint().toString());
      server.getSpec().getRedis().setUrl("redis://127.0.0.1:" + redis.port() + "/0");
      s3.client().createBucket(b -> b.bucket(bucket.getBucket()));

      Deployment deployment = DesiredDeployment.build(server, "resumable/tus-server:test", "0");
      DeploymentStrategy strategy = deployment.getSpec().getStrategy();
      assertThat(strategy.getType()).isEqualTo("RollingUpdate");
      assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
      assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().get(0);
      String readiness = container.getReadinessProbe().getHttpGet().getPath();
      long preStopSeconds = container.getLifecycle().getPreStop().getSleep().getSeconds();
      Duration drain = Duration.ofSeconds(pod.getTerminationGracePeriodSeconds() - preStopSeconds);
      Map<String, Map<String, String>> secrets = Map.of(
          "s3-credentials", Map.of("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY,
              "AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY),
          "redis-credentials", Map.of("password", password));
      assertThat(LocalPod.environment(container, secrets)).as("the locker's URL as the kubelet assembles it")
          .containsEntry("TUS_REDIS_URL", "redis://:" + password + "@127.0.0.1:" + redis.port() + "/0");

      int replicas = deployment.getSpec().getReplicas();
      assertThat(replicas).isEqualTo(3);
      List<LocalPod> pods = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        pods.add(start("uploads-ha-old-" + i, container, secrets, tmp));
      }
      for (LocalPod started : pods) {
        started.awaitReady(readiness, START);
      }
      Path uploads = Files.createDirectories(tmp.resolve("uploads"));
      try (RoundRobinProxy balancer = new RoundRobinProxy(ports(pods), 2L * 1024 * 1024)) {
        UploadsUnderDisruption.Outcome outcome = UploadsUnderDisruption.run(uploads, balancer, () -> {
          Thread.sleep(1500);
          for (int i = 0; i < replicas; i++) {
            LocalPod successor = start("uploads-ha-new-" + i, container, secrets, tmp).awaitReady(readiness, START);
            LocalPod old = pods.set(i, successor);
            balancer.backends(ports(pods));
            Thread.sleep(preStopSeconds * 1000);
            int exit = old.terminate(drain);
            assertThat(exit).as("%s exits 0 on SIGTERM within its grace period: %s", old.name(), old.output())
                .isZero();
          }
        });
        assertThat(outcome.failures()).as("failed uploads; the servers' warnings: %s", warnings()).isEmpty();
        assertThat(outcome.verified()).isGreaterThanOrEqualTo(6);
      } finally {
        for (LocalPod started : everyPod) {
          started.close();
        }
      }
      assertThat(s3.keys(bucket.getBucket())).as("objects under the sample's objectPrefix").isNotEmpty()
          .allMatch(key -> key.startsWith(bucket.getObjectPrefix()));
    }
  }

  private LocalPod start(String name, Container container, Map<String, Map<String, String>> secrets, Path tmp)
      throws IOException {
    LocalPod pod = LocalPod.start(name, container, secrets, tmp.resolve("logs"));
    everyPod.add(pod);
    return pod;
  }

  private static List<Integer> ports(List<LocalPod> pods) {
    return pods.stream().map(LocalPod::port).toList();
  }

  /** Makes the Redis server require {@code password}, and checks that it does. */
  private static void requirePassword(LocalRedis redis, String password) throws IOException {
    assertThat(redisCommand(redis, "CONFIG SET requirepass " + password)).startsWith("+OK");
    assertThat(redisCommand(redis, "PING")).as("Redis refuses a client without the password").startsWith("-NOAUTH");
  }

  private static String redisCommand(LocalRedis redis, String command) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", redis.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[256];
      int n = socket.getInputStream().read(reply);
      return n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII);
    }
  }

  /** Warning and error lines of every server process, for failure messages. */
  private String warnings() {
    StringBuilder lines = new StringBuilder();
    for (LocalPod pod : everyPod) {
      for (String line : pod.output().split("\n")) {
        if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")) {
          lines.append('\n').append(pod.name()).append(": ").append(line);
        }
      }
    }
    return lines.toString();
  }
}
