package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.conditions.Reasons;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Convergence with what a real API server and other writers do, with update-based writes: removed labels and
 * annotations reach the cluster, {@code kubectl rollout restart} survives reconciles and spec changes, quantities
 * the API server normalises cause no writes, a 409 Conflict is retried without a Degraded condition, a claim whose
 * StorageClass cannot expand is reported once instead of patched forever, and condition changes become Events.
 */
class ConvergenceTest extends OperatorHarness {

  private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private static final String SERVER = """
      apiVersion: resumable.dev/v1alpha1
      kind: TusServer
      metadata: {name: demo}
      spec:
        storage:
          file: {size: 1Gi, storageClassName: fixed}
        service: {annotations: {keep: "yes", drop: "yes"}}
        ingress: {host: uploads.example.com, annotations: {keep: "yes", drop: "yes"}}
        podAnnotations: {keep: "yes", drop: "yes"}
        resources:
          requests: {cpu: "0.5", memory: 1024Mi}
          limits: {cpu: "2"}
      """;

  @Override
  void beforeOperatorStarts() {
    client.resource(new StorageClassBuilder().withNewMetadata().withName("fixed").endMetadata()
        .withProvisioner("example.com/disk").withAllowVolumeExpansion(false).build()).create();
  }

  @Test
  void removedLabelsAndAnnotationsAreRemovedAndOthersAdditionsSurvive() {
    apply(SERVER);
    eventually().until(() -> deployment("demo") != null && ingress() != null);
    client.services().inNamespace(NS).withName("demo").edit(s -> {
      s.getMetadata().getAnnotations().put("cloud.example.com/added-by-controller", "1");
      return s;
    });
    editTus("demo", t -> {
      t.getSpec().getService().getAnnotations().remove("drop");
      t.getSpec().getIngress().getAnnotations().remove("drop");
      t.getSpec().getPodAnnotations().remove("drop");
      return t;
    });
    eventually().until(() -> !client.services().inNamespace(NS).withName("demo").get().getMetadata()
        .getAnnotations().containsKey("drop")
        && !ingress().getMetadata().getAnnotations().containsKey("drop")
        && !podAnnotations().containsKey("drop"));
    assertThat(client.services().inNamespace(NS).withName("demo").get().getMetadata().getAnnotations())
        .containsEntry("keep", "yes").containsEntry("cloud.example.com/added-by-controller", "1");
    assertThat(ingress().getMetadata().getAnnotations()).containsEntry("keep", "yes")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0");
    assertThat(podAnnotations()).containsEntry("keep", "yes");
  }

  @Test
  void rolloutRestartSurvivesReconcilesAndSpecChanges() throws InterruptedException {
    apply(SERVER);
    eventually().until(() -> deployment("demo") != null);
    // what kubectl rollout restart sends: a strategic merge patch; JSON merge patch is the mock's equivalent
    client.apps().deployments().inNamespace(NS).withName("demo").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + RESTARTED_AT
            + "\":\"2026-11-30T07:00:00Z\"}}}}}");
    editTus("demo", t -> {
      t.getMetadata().getLabels().put("touched", "yes");
      return t;
    });
    TimeUnit.SECONDS.sleep(2);
    assertThat(podAnnotations()).containsEntry(RESTARTED_AT, "2026-11-30T07:00:00Z");

    editTus("demo", t -> {
      t.getSpec().setImage("example.com/tus:2");
      return t;
    });
    eventually().until(() -> "example.com/tus:2".equals(
        deployment("demo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    assertThat(podAnnotations()).as("no second rollout undoing the restart")
        .containsEntry(RESTARTED_AT, "2026-11-30T07:00:00Z");
  }

  @Test
  void quantitiesTheApiServerNormalisesCauseNoWrites() throws InterruptedException {
    apply(SERVER);
    eventually().until(() -> deployment("demo") != null);
    Map<String, Quantity> requests =
        deployment("demo").getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests();
    assertThat(requests.get("cpu").toString()).isEqualTo("500m");
    assertThat(requests.get("memory").toString()).isEqualTo("1Gi");
    assertThat(deployment("demo").getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
        .getLimits()).as("defaults merged key by key").containsKeys("cpu", "memory");
    TimeUnit.SECONDS.sleep(2);
    fixture.clearCalls();
    editTus("demo", t -> {
      t.getMetadata().getLabels().put("touched", "yes");
      return t;
    });
    TimeUnit.SECONDS.sleep(3);
    assertThat(operatorWrites("/deployments/demo")).isEmpty();
  }

  @Test
  void conflictIsRetriedWithoutDegraded() {
    apply(SERVER);
    eventually().until(() -> deployment("demo") != null);
    fixture.failOnce(call -> call.byOperator() && "PUT".equals(call.method())
        && call.path().contains("/deployments/demo"), 409, 1);
    fixture.clearCalls();
    editTus("demo", t -> {
      t.getSpec().setImage("example.com/tus:3");
      return t;
    });
    eventually().until(() -> "example.com/tus:3".equals(
        deployment("demo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    assertThat(operatorWrites("/deployments/demo")).as("the refused update and its retry").hasSizeGreaterThan(1);
    assertThat(fixture.calls().stream().filter(c -> c.byOperator() && c.path().endsWith("/tusservers/demo/status"))
        .map(ApiServerFixture.Call::body)).noneMatch(body -> body.contains(Reasons.RECONCILE_ERROR));
    assertThat(conditionIs("demo", Reasons.DEGRADED, "False", Reasons.AS_EXPECTED)).isTrue();
  }

  @Test
  void claimThatCannotExpandIsReportedOnceAndNotPatched() throws InterruptedException {
    apply(SERVER);
    eventually().until(() -> claim() != null);
    editTus("demo", t -> {
      t.getSpec().getStorage().getFile().setSize("5Gi");
      return t;
    });
    eventually().until(() -> conditionIs("demo", Reasons.DEGRADED, "True", Reasons.STORAGE_NOT_EXPANDABLE));
    assertThat(condition("demo", Reasons.DEGRADED).orElseThrow().getMessage())
        .contains("fixed", "does not allow volume expansion");
    fixture.clearCalls();
    TimeUnit.SECONDS.sleep(3);
    assertThat(operatorWrites("/persistentvolumeclaims/")).isEmpty();
    assertThat(claim().getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("1Gi");
    eventually().until(() -> events().stream().anyMatch(e -> Reasons.STORAGE_NOT_EXPANDABLE.equals(e.getReason())
        && "Warning".equals(e.getType())));
  }

  @Test
  void refusedConfigurationIsAnEvent() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: demo}
        spec:
          replicas: 2
          storage: {s3: {bucket: uploads}}
        """);
    eventually().until(() -> events().stream().anyMatch(e -> Reasons.UNSAFE_CONFIGURATION.equals(e.getReason())
        && "Warning".equals(e.getType()) && "demo".equals(e.getInvolvedObject().getName())
        && "TusServer".equals(e.getInvolvedObject().getKind())));
  }

  private List<String> operatorWrites(String pathPart) {
    return fixture.calls().stream()
        .filter(c -> c.byOperator() && !"GET".equals(c.method()) && c.path().contains(pathPart))
        .map(c -> c.method() + " " + c.path()).collect(Collectors.toList());
  }

  private List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }

  private Map<String, String> podAnnotations() {
    Deployment deployment = deployment("demo");
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations();
  }

  private Ingress ingress() {
    return client.network().v1().ingresses().inNamespace(NS).withName("demo").get();
  }

  private PersistentVolumeClaim claim() {
    return client.persistentVolumeClaims().inNamespace(NS).withName("demo-data").get();
  }
}
