package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.api.v1alpha1.AccessMode;
import dev.resumable.operator.api.v1alpha1.LockerType;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.desired.Names;
import dev.resumable.operator.reconciler.References;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The real operator against the CRUD mock server: every behaviour issue 4 lists. */
class ReconcileTest extends OperatorHarness {

  private static final String FILE_SERVER = """
      apiVersion: resumable.dev/v1alpha1
      kind: TusServer
      metadata: {name: demo}
      spec:
        storage:
          file: {size: 2Gi, storageClassName: standard}
        server: {maxSize: 1GiB, expiration: 24h}
        hooks:
          http: {url: "http://receiver:8080/hooks"}
        ingress: {host: uploads.example.com, className: nginx}
        service: {type: NodePort, nodePort: 30080}
      """;

  private static final String S3_SERVER = """
      apiVersion: resumable.dev/v1alpha1
      kind: TusServer
      metadata: {name: s3}
      spec:
        storage:
          s3: {bucket: uploads, region: eu-west-1, credentialsSecret: {name: s3-creds}}
        hooks:
          http: {url: "http://receiver:8080/hooks"}
          outbox: {size: 1Gi}
      """;

  @Test
  void createsEveryDependentWithTheRightFields() {
    apply(FILE_SERVER);
    eventually().until(() -> get("demo").getStatus() != null);

    Deployment deployment = deployment("demo");
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("resumable/tus-server:0.1.0");
    assertThat(container.getArgs()).contains("-upload-dir=/data", "-max-size=1GiB", "-expiration=24h",
        "-behind-proxy=true", "-hooks-http=http://receiver:8080/hooks");
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(Names.CONFIG_HASH_ANNOTATION);
    assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getKind()).isEqualTo("TusServer"));

    Service service = client.services().inNamespace(NS).withName("demo").get();
    assertThat(service.getSpec().getType()).isEqualTo("NodePort");
    assertThat(service.getSpec().getPorts()).extracting("name").as("metrics never on a NodePort Service")
        .containsExactly("http");
    assertThat(service.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);
    Service metrics = client.services().inNamespace(NS).withName("demo-metrics").get();
    assertThat(metrics.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(metrics.getSpec().getPorts()).extracting("name").containsExactly("metrics");
    assertThat(deployment.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
    assertThat(deployment.getMetadata().getOwnerReferences().get(0).getBlockOwnerDeletion()).isTrue();

    PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(NS).withName("demo-data").get();
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(claim.getMetadata().getOwnerReferences()).as("kept when the TusServer is deleted").isEmpty();

    Ingress ingress = client.network().v1().ingresses().inNamespace(NS).withName("demo").get();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0");

    Secret key = client.secrets().inNamespace(NS).withName("demo-hook-signing-key").get();
    assertThat(key.getData()).containsKey(Names.SIGNING_KEY_KEY);
    assertThat(key.getMetadata().getOwnerReferences()).hasSize(1);

    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("demo").get()).isNull();

    TusServer tus = get("demo");
    assertThat(tus.getStatus().getUrl()).isEqualTo("http://demo.uploads.svc/files/");
    assertThat(tus.getStatus().getExternalUrl()).isEqualTo("http://uploads.example.com/files/");
    assertThat(tus.getStatus().getSelector())
        .isEqualTo("app.kubernetes.io/instance=demo,app.kubernetes.io/name=tus-server");
    assertThat(tus.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(conditionIs("demo", Reasons.READY, "False", Reasons.ROLLING_OUT)).isTrue();
    assertThat(conditionIs("demo", Reasons.PROGRESSING, "True", Reasons.ROLLING_OUT)).isTrue();
    assertThat(conditionIs("demo", Reasons.DEGRADED, "False", Reasons.AS_EXPECTED)).isTrue();
  }

  @Test
  void readyOnceTheDeploymentReportsReadyReplicas() {
    apply(FILE_SERVER);
    eventually().until(() -> deployment("demo") != null);
    reportDeploymentReady("demo");
    eventually().until(() -> conditionIs("demo", Reasons.READY, "True", Reasons.AVAILABLE));
    assertThat(get("demo").getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(conditionIs("demo", Reasons.PROGRESSING, "False", Reasons.ROLLOUT_COMPLETE)).isTrue();
  }

  @Test
  void specChangeRollsOutAndMoreReplicasBringADisruptionBudget() {
    apply(FILE_SERVER);
    eventually().until(() -> deployment("demo") != null);
    editTus("demo", t -> {
      t.getSpec().getServer().setMaxSize("2GiB");
      t.getSpec().setReplicas(2);
      t.getSpec().setLocker(LockerType.FILE);
      t.getSpec().getStorage().getFile().setAccessModes(
          List.of(AccessMode.READ_WRITE_MANY));
      return t;
    });
    eventually().until(() -> deployment("demo").getSpec().getReplicas() == 2);
    Deployment deployment = deployment("demo");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("-max-size=2GiB", "-locker=file").doesNotContain("-max-size=1GiB");
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    eventually().until(() ->
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("demo").get() != null);
    PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("demo").get();
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    eventually().until(() -> get("demo").getStatus().getObservedGeneration() == 2L);
  }

  @Test
  void missingSecretIsReportedThenASecretChangeRollsThePods() {
    apply(S3_SERVER);
    eventually().until(() -> conditionIs("s3", Reasons.READY, "False", Reasons.SECRET_NOT_FOUND));
    assertThat(condition("s3", Reasons.DEGRADED).orElseThrow().getMessage()).contains("s3-creds");
    assertThat(deployment("s3")).isNull();

    client.resource(credentials("AKIA1", "secret-1")).inNamespace(NS).create();
    eventually().until(() -> deployment("s3") != null);
    eventually().until(() -> client.persistentVolumeClaims().inNamespace(NS).withName("s3-hook-outbox").get() != null);
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("s3-hook-outbox").get().getMetadata()
        .getOwnerReferences()).singleElement().satisfies(ref -> assertThat(ref.getController()).isTrue());
    String firstHash = hash(deployment("s3"));
    Container container = deployment("s3").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv()).noneMatch(e -> e.getValue() != null && e.getValue().contains("secret-1"));
    assertThat(client.getKubernetesSerialization().asJson(get("s3"))).doesNotContain("c2VjcmV0LTE", "secret-1");

    client.resource(credentials("AKIA1", "secret-2")).inNamespace(NS).update();
    eventually().until(() -> !hash(deployment("s3")).equals(firstHash));
  }

  @Test
  void azureAndGrpcTlsSecretsAreCheckedLabelledAndRollThePods() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: az}
        spec:
          storage:
            azure: {container: uploads, credentialsSecret: {name: az-creds}}
          hooks:
            grpc: {address: "receiver:8081", tlsSecret: {name: grpc-tls, certKey: tls.crt, keyKey: tls.key}}
        """);
    client.resource(new SecretBuilder().withNewMetadata().withName("az-creds").endMetadata()
        .withStringData(Map.of("AZURE_STORAGE_ACCOUNT", "acct", "AZURE_STORAGE_KEY", "key-1")).build())
        .inNamespace(NS).create();
    client.resource(grpcTls("ca-1")).inNamespace(NS).create();
    // until the operator has seen both Secrets ("Secret grpc-tls not found" comes first on a slow machine)
    eventually().until(() -> conditionIs("az", Reasons.READY, "False", Reasons.SECRET_NOT_FOUND)
        && "Secret grpc-tls has no key tls.key".equals(condition("az", Reasons.DEGRADED).orElseThrow().getMessage()));
    assertThat(deployment("az")).isNull();

    client.resource(grpcTls("ca-1").edit().addToStringData("tls.key", "k").build()).inNamespace(NS).update();
    eventually().until(() -> deployment("az") != null);
    for (String name : List.of("az-creds", "grpc-tls")) {
      eventually().until(() -> "true".equals(client.secrets().inNamespace(NS).withName(name).get().getMetadata()
          .getLabels().get(References.WATCH_LABEL)));
    }
    assertThat(args("az")).contains("-azure-storage=uploads", "-hooks-grpc=receiver:8081", "-hooks-grpc-secure=true");
    Container container = deployment("az").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv()).noneMatch(e -> e.getValue() != null && e.getValue().contains("key-1"));
    String firstHash = hash(deployment("az"));

    client.resource(grpcTls("ca-2").edit().addToStringData("tls.key", "k").build()).inNamespace(NS).update();
    eventually().until(() -> !hash(deployment("az")).equals(firstHash));
  }

  private static Secret grpcTls(String ca) {
    return new SecretBuilder().withNewMetadata().withName("grpc-tls").endMetadata()
        .withStringData(Map.of("ca.crt", ca, "tls.crt", "c")).build();
  }

  @Test
  void invalidSpecIsReportedAndNothingIsCreated() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: bad}
        spec:
          replicas: 3
          storage: {file: {}}
        """);
    eventually().until(() -> conditionIs("bad", Reasons.READY, "False", Reasons.UNSAFE_CONFIGURATION));
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: both}
        spec:
          storage: {file: {}, s3: {bucket: abc}}
        """);
    eventually().until(() -> conditionIs("both", Reasons.READY, "False", Reasons.INVALID_SPEC));
    assertThat(conditionIs("both", Reasons.DEGRADED, "True", Reasons.INVALID_SPEC)).isTrue();
    assertThat(deployment("bad")).isNull();
    assertThat(deployment("both")).isNull();
  }

  @Test
  @DisplayName("fields removed from the spec are removed from the cluster objects (no SSA: the desired hash)")
  void removalsReachTheCluster() {
    apply(FILE_SERVER);
    eventually().until(() -> deployment("demo") != null
        && client.network().v1().ingresses().inNamespace(NS).withName("demo").get() != null);
    assertThat(args(deployment("demo"))).contains("-behind-proxy=true").anyMatch(a -> a.startsWith("-hooks-http="));
    editTus("demo", t -> {
      t.getSpec().setNodeSelector(Map.of("disk", "ssd"));
      return t;
    });
    eventually().until(() -> deployment("demo").getSpec().getTemplate().getSpec().getNodeSelector() != null);
    editTus("demo", t -> {
      t.getSpec().setNodeSelector(null);
      t.getSpec().setIngress(null);
      t.getSpec().setHooks(null);
      t.getSpec().getServer().setExpiration(null);
      return t;
    });
    eventually().until(() -> args(deployment("demo")).stream().noneMatch(a -> a.startsWith("-behind-proxy")
        || a.startsWith("-hooks-http=") || a.startsWith("-expiration=")));
    eventually().until(() -> client.network().v1().ingresses().inNamespace(NS).withName("demo").get() == null);
    eventually().until(() -> {
      Map<String, String> selector = deployment("demo").getSpec().getTemplate().getSpec().getNodeSelector();
      return selector == null || selector.isEmpty();
    });
  }

  private static List<String> args(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  @Test
  void driftIsReverted() {
    apply(FILE_SERVER);
    eventually().until(() -> deployment("demo") != null);
    client.apps().deployments().inNamespace(NS).withName("demo").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/image:1");
      d.getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()
          .setReadOnlyRootFilesystem(false);
      return d;
    });
    eventually().until(() -> "resumable/tus-server:0.1.0".equals(
        deployment("demo").getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    assertThat(deployment("demo").getSpec().getTemplate().getSpec().getContainers().get(0).getSecurityContext()
        .getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void pauseAnnotationStopsReconcilingUntilRemoved() throws InterruptedException {
    apply(FILE_SERVER);
    eventually().until(() -> deployment("demo") != null);
    editTus("demo", t -> {
      t.getMetadata().getAnnotations().put(TusServer.PAUSED_ANNOTATION, "true");
      return t;
    });
    editTus("demo", t -> {
      t.getSpec().getServer().setMaxSize("3GiB");
      return t;
    });
    TimeUnit.SECONDS.sleep(2);
    assertThat(args("demo")).contains("-max-size=1GiB");
    editTus("demo", t -> {
      t.getMetadata().getAnnotations().remove(TusServer.PAUSED_ANNOTATION);
      return t;
    });
    eventually().until(() -> args("demo").contains("-max-size=3GiB"));
  }

  @Test
  void serviceMonitorWithoutTheApiIsReportedAndEverythingElseWorks() {
    apply(FILE_SERVER.replace("  service:", "  metrics: {serviceMonitor: {enabled: true}}\n  service:"));
    eventually().until(() -> conditionIs("demo", Reasons.DEGRADED, "True", Reasons.SERVICE_MONITOR_API_UNAVAILABLE));
    assertThat(deployment("demo")).isNotNull();
    assertThat(client.services().inNamespace(NS).withName("demo").get()).isNotNull();
    reportDeploymentReady("demo");
    eventually().until(() -> conditionIs("demo", Reasons.READY, "True", Reasons.AVAILABLE));
  }

  @Test
  void steadyStateMakesNoWrites() throws InterruptedException {
    apply(FILE_SERVER);
    eventually().until(() -> deployment("demo") != null);
    reportDeploymentReady("demo");
    eventually().until(() -> conditionIs("demo", Reasons.READY, "True", Reasons.AVAILABLE));
    TimeUnit.SECONDS.sleep(1);
    drain();
    // an unrelated event makes the operator reconcile every TusServer-owned object again
    editTus("demo", t -> {
      t.getMetadata().getLabels().put("touched", "yes");
      return t;
    });
    reportDeploymentReady("demo");
    TimeUnit.SECONDS.sleep(3);
    List<String> writes = new ArrayList<>();
    for (RecordedRequest request : drain()) {
      boolean write = !request.getMethod().equals("GET");
      boolean ours = request.getPath().contains("/tusservers/demo") && !request.getPath().endsWith("/status")
          || request.getPath().contains("/deployments/demo/status");
      if (write && !ours) {
        writes.add(request.getMethod() + " " + request.getPath());
      }
    }
    assertThat(writes).as("writes by the operator in steady state").isEmpty();
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  private List<String> args(String name) {
    return deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  private static String hash(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);
  }

  private static Secret credentials(String id, String key) {
    return new SecretBuilder().withNewMetadata().withName("s3-creds").endMetadata()
        .withStringData(Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", key)).build();
  }
}
