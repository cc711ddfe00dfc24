package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resumable.operator.OperatorMain;
import dev.resumable.operator.TestResources;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two operator processes ({@link OperatorMain}, as the image runs it, leader election on) against one mock API
 * server: one leads and reconciles, the other stands by (not ready, {@code tus_operator_leader 0}); when the leader
 * is killed with SIGKILL (no chance to release the Lease), the standby takes over within the Lease duration (15 s)
 * plus one retry period, becomes ready and reconciles.
 */
class LeaderElectionTest {

  private static final String NS = "uploads";
  private static final Pattern LEADER_METRIC = Pattern.compile("(?m)^tus_operator_leader(\\{[^}]*})? ([0-9.]+)");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();
  private ApiServerFixture fixture;
  private KubernetesClient client;

  @BeforeEach
  void startApiServer() {
    fixture = ApiServerFixture.start();
    fixture.grantRulesReview(RenderedRbac.render().reviewRules());
    client = fixture.newClient();
    client.resource(TestResources.crd()).create();
    for (String namespace : List.of(NS, RenderedRbac.NAMESPACE)) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }
  }

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
    client.close();
    fixture.stop();
  }

  @Test
  void standbyTakesOverWhenTheLeaderIsKilled() throws Exception {
    int portA = freePort();
    Process a = startOperator("operator-a", portA);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> leaderMetric(portA) == 1 && status(portA, "/readyz") == 200);

    int portB = freePort();
    startOperator("operator-b", portB);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> status(portB, "/healthz") == 200 && leaderMetric(portB) == 0);
    assertThat(status(portB, "/readyz")).as("a standby is not ready").isEqualTo(503);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("operator-a");

    client.resource(TestResources.tusServer("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: demo}
        spec:
          storage: {s3: {bucket: uploads}}
        """)).inNamespace(NS).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> deployment() != null);

    a.destroyForcibly().waitFor();
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> leaderMetric(portB) == 1);
    Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
    assertThat(takeover).as("takeover after the Lease (15 s) expired, plus a retry period and a loaded machine")
        .isLessThan(Duration.ofSeconds(30));
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("operator-b");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> status(portB, "/readyz") == 200);

    client.resources(TusServer.class).inNamespace(NS).withName("demo").edit(t -> {
      t.getSpec().setImage("example.com/tus:2");
      return t;
    });
    await().atMost(Duration.ofSeconds(60)).until(() -> "example.com/tus:2".equals(
        deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName("demo").get();
  }

  private Lease lease() {
    return client.leases().inNamespace(RenderedRbac.NAMESPACE).withName(OperatorSettings.LEASE_NAME).get();
  }

  private Process startOperator(String identity, int port) throws IOException {
    Path log = TestResources.moduleDir().resolve("target/" + identity + ".log");
    String master = fixture.server().url("/");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dkubernetes.master=" + master, "-Dkubernetes.auth.tryKubeConfig=false",
        "-Dkubernetes.auth.tryServiceAccount=false", "-Dkubernetes.namespace=" + RenderedRbac.NAMESPACE,
        "-cp", System.getProperty("java.class.path"), OperatorMain.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("LEADER_ELECTION_NAMESPACE", RenderedRbac.NAMESPACE);
    builder.environment().put("POD_NAME", identity);
    builder.environment().put("OPERATOR_HTTP_PORT", String.valueOf(port));
    builder.environment().put("WATCH_NAMESPACES", NS);
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private int status(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private int leaderMetric(int port) {
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
      Matcher matcher = LEADER_METRIC.matcher(body);
      return matcher.find() ? (int) Double.parseDouble(matcher.group(2)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
