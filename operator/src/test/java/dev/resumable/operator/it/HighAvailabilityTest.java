package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.TestResources;
import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.config.OperatorSettings;
import dev.resumable.operator.reconciler.References;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 against the mock API server: the HA sample (S3, Redis locker, autoscaling) yields a Deployment that rolls
 * without failed uploads, a PodDisruptionBudget, an HPA on the TusServer's scale subresource and locker credentials
 * only by secretKeyRef; unsafe combinations are refused with their reasons; without the Prometheus Operator's API
 * no PrometheusRule is attempted.
 */
class HighAvailabilityTest extends OperatorHarness {

  private static final String REDIS_PASSWORD = "n0t-in-any-spec";

  @Test
  void haSampleRollsWithoutOutageAndWiresCredentialsBySecretKeyRefOnly() {
    createSecret("s3-credentials", Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "s3-secret"));
    createSecret("redis-credentials", Map.of("password", REDIS_PASSWORD));
    client.resource(TestResources.tusServer(
        TestResources.read(TestResources.repoDir().resolve("config/samples/tusserver-s3-ha.yaml"))))
        .inNamespace(NS).create();
    eventually().until(() -> deployment("uploads-ha") != null && budget("uploads-ha") != null
        && autoscaler("uploads-ha") != null);

    Deployment deployment = deployment("uploads-ha");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getTerminationGracePeriodSeconds()).as("preStop 5 s + shutdownTimeout 30 s + margin 10 s")
        .isEqualTo(45L);
    Container server = pod.getContainers().get(0);
    assertThat(server.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);
    assertThat(server.getArgs()).contains("-locker=redis", "-shutdown-timeout=30s",
        "-redis-url=redis://redis.resumable-upload.svc:6379/0");
    Map<String, EnvVar> env = server.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("TUS_REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("redis-credentials");
    assertThat(env.get("TUS_REDIS_PASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    assertThat(env).as("the password never goes into a URL (it may hold any character)")
        .doesNotContainKeys("TUS_REDIS_URL", "REDIS_PASSWORD");
    assertThat(Serialization.asJson(deployment)).doesNotContain(REDIS_PASSWORD).doesNotContain("s3-secret");
    assertThat(client.secrets().inNamespace(NS).withName("redis-credentials").get().getMetadata().getLabels())
        .containsEntry(References.WATCH_LABEL, "true");

    PodDisruptionBudget budget = budget("uploads-ha");
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
    assertThat(budget.getSpec().getMaxUnavailable()).isNull();

    HorizontalPodAutoscaler hpa = autoscaler("uploads-ha");
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("resumable.dev/v1alpha1");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("TusServer");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("uploads-ha");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
    List<MetricSpec> metrics = hpa.getSpec().getMetrics();
    assertThat(metrics).hasSize(2);
    assertThat(metrics.get(0).getResource().getName()).isEqualTo("cpu");
    assertThat(metrics.get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
    assertThat(metrics.get(1).getPods().getMetric().getName()).isEqualTo("tus_uploads_active");
    assertThat(metrics.get(1).getPods().getTarget().getAverageValue().toString()).isEqualTo("50");

    reportDeploymentReady("uploads-ha");
    eventually().until(() -> conditionIs("uploads-ha", Reasons.READY, "True", Reasons.AVAILABLE));
    TusServer status = get("uploads-ha");
    assertThat(status.getStatus().getDesiredReplicas()).isEqualTo(3);
    assertThat(status.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(status.getStatus().getImage()).isEqualTo(OperatorSettings.BUILT_IN_DEFAULT_IMAGE);
    assertThat(Serialization.asJson(status.getStatus())).doesNotContain(REDIS_PASSWORD);

    // the HPA writes spec.replicas through the scale subresource; the Deployment follows within its bounds
    editTus("uploads-ha", t -> {
      t.getSpec().setReplicas(7);
      return t;
    });
    eventually().until(() -> deployment("uploads-ha").getSpec().getReplicas() == 7);
    editTus("uploads-ha", t -> {
      t.getSpec().setReplicas(1);
      return t;
    });
    eventually().until(() -> deployment("uploads-ha").getSpec().getReplicas() == 3);

    // a new Redis password rolls the pods (the hash of referenced Secrets is in the pod template)
    String hash = configHash();
    client.secrets().inNamespace(NS).withName("redis-credentials").edit(s -> {
      s.setData(null);
      s.setStringData(Map.of("password", "rotated"));
      return s;
    });
    eventually().until(() -> !hash.equals(configHash()));
  }

  @Test
  void unsafeCombinationsAreRefusedWithTheirReasons() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: memory-on-s3}
        spec: {replicas: 3, storage: {s3: {bucket: abc}}}
        """);
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: file-on-s3}
        spec:
          locker: file
          storage: {s3: {bucket: abc}}
          autoscaling: {maxReplicas: 5}
        """);
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: redis-on-rwo}
        spec:
          replicas: 2
          locker: redis
          redis: {url: "redis://redis:6379"}
          storage: {file: {}}
        """);
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: redis-without-settings}
        spec: {locker: redis, storage: {s3: {bucket: abc}}}
        """);
    eventually().until(() -> refusal("memory-on-s3").filter(m -> m.contains("shared locker")
        && m.contains("memory guards one pod only")).isPresent()
        && refusal("file-on-s3").filter(m -> m.startsWith("autoscaling needs a shared locker")
            && m.contains("falls back to a per-pod memory locker")).isPresent()
        && refusal("redis-on-rwo").filter(m -> m.contains("needs a shared store")).isPresent()
        && conditionIs("redis-without-settings", Reasons.READY, "False", Reasons.INVALID_SPEC));
    assertThat(condition("redis-without-settings", Reasons.READY).get().getMessage())
        .isEqualTo("locker: redis and spec.redis go together");
    for (String name : List.of("memory-on-s3", "file-on-s3", "redis-on-rwo", "redis-without-settings")) {
      assertThat(deployment(name)).as(name).isNull();
      assertThat(autoscaler(name)).as(name).isNull();
    }
    eventually().until(() -> events().stream().filter(e -> Reasons.UNSAFE_CONFIGURATION.equals(e.getReason()))
        .map(e -> e.getInvolvedObject().getName()).collect(Collectors.toSet())
        .containsAll(List.of("memory-on-s3", "file-on-s3", "redis-on-rwo")));

    // a single S3 pod with the memory locker is fine, and is replaced with Recreate (two pods must not overlap)
    editTus("memory-on-s3", t -> {
      t.getSpec().setReplicas(1);
      return t;
    });
    eventually().until(() -> deployment("memory-on-s3") != null);
    assertThat(deployment("memory-on-s3").getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(budget("memory-on-s3")).isNull();
  }

  @Test
  void prometheusRuleIsNotAttemptedWithoutItsApi() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: rules}
        spec:
          storage: {file: {}}
          metrics: {prometheusRule: {enabled: true}}
        """);
    eventually().until(() -> conditionIs("rules", Reasons.DEGRADED, "True", Reasons.PROMETHEUS_RULE_API_UNAVAILABLE));
    assertThat(deployment("rules")).isNotNull();
    assertThat(fixture.calls().stream().filter(c -> c.byOperator() && c.path().contains("prometheusrules"))
        .toList()).isEmpty();
    assertThat(client.resources(PrometheusRule.class).inNamespace(NS).list().getItems()).isEmpty();
  }

  private Optional<String> refusal(String name) {
    return condition(name, Reasons.READY).filter(c -> Reasons.UNSAFE_CONFIGURATION.equals(c.getReason()))
        .map(c -> c.getMessage());
  }

  private String configHash() {
    return deployment("uploads-ha").getSpec().getTemplate().getMetadata().getAnnotations()
        .get("resumable.dev/config-hash");
  }

  private void createSecret(String name, Map<String, String> data) {
    client.resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata().withStringData(data).build())
        .inNamespace(NS).create();
  }

  private PodDisruptionBudget budget(String name) {
    return client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get();
  }

  private HorizontalPodAutoscaler autoscaler(String name) {
    return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName(name).get();
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }
}
