package dev.resumable.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.TestResources;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.reconciler.References;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredDeploymentTest {

  private static final String S3 = """
      apiVersion: resumable.dev/v1alpha1
      kind: TusServer
      metadata: {name: s3demo, namespace: uploads}
      spec:
        image: example/tus:1
        storage:
          s3:
            bucket: uploads
            region: eu-west-1
            endpoint: http://minio:9000
            credentialsSecret: {name: s3-creds}
        hooks:
          http: {url: "http://hooks:8080/", retry: 2}
          enabledEvents: [pre-create, post-finish]
        server:
          maxSize: 10GiB
          cors: {allowOrigin: "https://app\\\\.example\\\\.com"}
      """;

  private static final String FILE = """
      apiVersion: resumable.dev/v1alpha1
      kind: TusServer
      metadata: {name: demo, namespace: uploads}
      spec:
        storage:
          file: {size: 5Gi}
      """;

  @Test
  void credentialsAreWiredBySecretKeyRefNeverByValue() {
    Deployment deployment = DesiredDeployment.build(TestResources.tusServer(S3), "default:1", "h");
    Container container = container(deployment);
    EnvVar accessKey = env(container, "AWS_ACCESS_KEY_ID");
    assertThat(accessKey.getValue()).isNull();
    assertThat(accessKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds");
    assertThat(accessKey.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AWS_ACCESS_KEY_ID");
    assertThat(env(container, "AWS_SECRET_ACCESS_KEY").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("AWS_SECRET_ACCESS_KEY");
    assertThat(env(container, "TUS_HOOKS_HTTP_SIGNING_KEY_FILE").getValue())
        .isEqualTo("/etc/tus/signing-key/signing-key");
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null).extracting(v -> v.getSecret().getSecretName())
        .containsExactly("s3demo-hook-signing-key");
  }

  @Test
  void argsMapTheSpecToServerFlags() {
    Container container = container(DesiredDeployment.build(TestResources.tusServer(S3), "default:1", "h"));
    assertThat(container.getImage()).isEqualTo("example/tus:1");
    assertThat(container.getArgs()).containsSubsequence("-port=1080", "-base-path=/files/", "-s3-bucket=uploads",
        "-s3-endpoint=http://minio:9000", "-s3-region=eu-west-1", "-locker=memory", "-max-size=10GiB")
        .contains("-cors-allow-origin=https://app\\.example\\.com", "-hooks-http=http://hooks:8080/",
            "-hooks-http-retry=2", "-hooks-enabled-events=pre-create,post-finish", "-expose-metrics=true",
            "-metrics-port=9090")
        .doesNotContain("-upload-dir=/data", "-behind-proxy=true");
  }

  @Test
  void podIsRestrictedWithReadOnlyRootAndTmpEmptyDir() {
    Deployment deployment = DesiredDeployment.build(TestResources.tusServer(FILE), "default:1", "h");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    Container container = container(deployment);
    assertThat(container.getImage()).isEqualTo("default:1");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts()).extracting("mountPath").contains("/tmp", "/data");
    assertThat(pod.getVolumes()).anySatisfy(v -> {
      assertThat(v.getName()).isEqualTo("tmp");
      assertThat(v.getEmptyDir()).isNotNull();
    });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getArgs()).contains("-upload-dir=/data");
  }

  @Test
  void podsOverlapInRolloutsOnlyWhenTheyCanShareUploads() {
    assertThat(strategy(FILE)).as("ReadWriteOnce volume").isEqualTo("Recreate");
    assertThat(strategy(S3)).as("S3 with the per-pod memory locker").isEqualTo("Recreate");
    String sharedFile = FILE.replace("storage:", "locker: file\n  storage:")
        .replace("file: {", "file: {accessModes: [ReadWriteMany], ");
    assertThat(sharedFile).contains("ReadWriteMany").contains("locker: file");
    assertThat(strategy(sharedFile)).as("ReadWriteMany with the file locker").isEqualTo("RollingUpdate");
    assertThat(strategy(sharedFile.replace("locker: file", "locker: memory"))).as("ReadWriteMany, memory locker")
        .isEqualTo("Recreate");
  }

  private static String strategy(String yaml) {
    return DesiredDeployment.build(TestResources.tusServer(yaml), "i", "h").getSpec().getStrategy().getType();
  }

  @Test
  void configHashChangesWithSecretDataOnly() {
    Secret a = new SecretBuilder().withNewMetadata().withName("s").endMetadata().addToData("k", "YQ==").build();
    Secret b = new SecretBuilder().withNewMetadata().withName("s").endMetadata().addToData("k", "Yg==").build();
    Secret aAgain = new SecretBuilder().withNewMetadata().withName("s").withResourceVersion("9").endMetadata()
        .addToData("k", "YQ==").build();
    assertThat(ConfigHash.of(List.of(a), List.of())).isNotEqualTo(ConfigHash.of(List.of(b), List.of()))
        .isEqualTo(ConfigHash.of(List.of(aAgain), List.of()));
    assertThat(ConfigHash.of(List.of(a), List.of())).doesNotContain("YQ==").hasSize(64);
  }

  @Test
  void ingressTurnsOnBehindProxyAndDisablesBuffering() {
    TusServer server = TestResources.tusServer(FILE + "  ingress: {host: uploads.example.com, tlsSecretName: tls}\n");
    assertThat(container(DesiredDeployment.build(server, "i", "h")).getArgs()).contains("-behind-proxy=true");
    assertThat(DesiredIngress.build(server).getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off");
    assertThat(DesiredIngress.externalUrl(server)).isEqualTo("https://uploads.example.com/files/");
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void podIsReadyForARealCluster() {
    Deployment deployment = DesiredDeployment.build(TestResources.tusServer(S3.replace("  image: example/tus:1",
        "  image: example/tus:1\n  serviceAccountName: uploader")), "default:1", "h");
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("uploader");
    assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
    var tmp = pod.getVolumes().stream().filter(v -> "tmp".equals(v.getName())).findFirst().orElseThrow();
    assertThat(tmp.getEmptyDir().getSizeLimit().toString()).as("S3 part buffers").isEqualTo("4Gi");
    Container container = container(deployment);
    assertThat(container.getResources().getRequests().get("ephemeral-storage").toString()).isEqualTo("4Gi");
    assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isPositive();
    assertThat(pod.getTerminationGracePeriodSeconds())
        .isGreaterThan(container.getLifecycle().getPreStop().getSleep().getSeconds());

    var file = DesiredDeployment.build(TestResources.tusServer(FILE), "default:1", "h").getSpec().getTemplate()
        .getSpec();
    assertThat(file.getVolumes().stream().filter(v -> "tmp".equals(v.getName())).findFirst().orElseThrow()
        .getEmptyDir().getSizeLimit().toString()).isEqualTo("1Gi");
    assertThat(file.getServiceAccountName()).isNull();
  }

  @Test
  void resourcesAreMergedKeyByKeyWithTheDefaults() {
    Container onlyCpuLimit = container(DesiredDeployment.build(TestResources.tusServer(FILE
        + "  resources: {limits: {cpu: \"1.5\"}}\n"), "i", "h"));
    assertThat(onlyCpuLimit.getResources().getLimits())
        .hasEntrySatisfying("cpu", q -> assertThat(q).hasToString("1500m"))
        .as("memory limit kept").hasEntrySatisfying("memory", q -> assertThat(q).hasToString("512Mi"));
    assertThat(onlyCpuLimit.getResources().getRequests())
        .hasEntrySatisfying("cpu", q -> assertThat(q).hasToString("100m"))
        .hasEntrySatisfying("memory", q -> assertThat(q).hasToString("256Mi"));

    Container smallLimit = container(DesiredDeployment.build(TestResources.tusServer(FILE
        + "  resources: {limits: {memory: 128Mi}}\n"), "i", "h"));
    assertThat(smallLimit.getResources().getRequests()).as("default request lowered to the limit")
        .hasEntrySatisfying("memory", q -> assertThat(q).hasToString("128Mi"));

    Container bigRequest = container(DesiredDeployment.build(TestResources.tusServer(FILE
        + "  resources: {requests: {memory: 2048Mi, cpu: \"0.25\"}}\n"), "i", "h"));
    assertThat(bigRequest.getResources().getLimits()).as("default limit raised to the request, canonical")
        .hasEntrySatisfying("memory", q -> assertThat(q).hasToString("2Gi"));
    assertThat(bigRequest.getResources().getRequests())
        .hasEntrySatisfying("cpu", q -> assertThat(q).hasToString("250m"));
  }

  @Test
  void hookOutboxWithS3IsOnItsOwnClaim() {
    TusServer server = TestResources.tusServer(S3.replace("  hooks:\n", "  hooks:\n    outbox: {size: 2Gi}\n"));
    Deployment deployment = DesiredDeployment.build(server, "default:1", "h");
    assertThat(container(deployment).getArgs()).contains("-hooks-outbox-dir=" + Effective.OUTBOX_DIR);
    assertThat(container(deployment).getVolumeMounts()).anyMatch(m -> Effective.OUTBOX_DIR.equals(m.getMountPath()));
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(v -> v.getPersistentVolumeClaim() != null
            && "s3demo-hook-outbox".equals(v.getPersistentVolumeClaim().getClaimName()));
    var claim = DesiredOutboxClaim.build(server);
    assertThat(claim.getSpec().getResources().getRequests().get("storage")).hasToString("2Gi");
    assertThat(claim.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getController()).isTrue());
    assertThat(container(DesiredDeployment.build(TestResources.tusServer(S3), "default:1", "h")).getArgs())
        .noneMatch(a -> a.startsWith("-hooks-outbox-dir"));
  }

  private static final String AZURE = """
      apiVersion: resumable.dev/v1alpha1
      kind: TusServer
      metadata: {name: azdemo, namespace: uploads}
      spec:
        storage:
          azure:
            container: uploads
            objectPrefix: tus/
            accessTier: cool
            credentialsSecret: {name: az-creds}
        hooks:
          grpc:
            address: hooks:8081
            retry: 4
            backoff: 2s
            timeout: 20s
            tlsSecret: {name: grpc-tls, certKey: tls.crt, keyKey: tls.key}
      """;

  @Test
  void azureCredentialsAreSecretKeyRefsAndCountAsReferences() {
    TusServer server = TestResources.tusServer(AZURE);
    Container container = container(DesiredDeployment.build(server, "default:1", "h"));
    assertThat(container.getArgs()).containsSubsequence("-azure-storage=uploads", "-azure-object-prefix=tus/",
        "-azure-blob-access-tier=cool");
    EnvVar account = env(container, "AZURE_STORAGE_ACCOUNT");
    assertThat(account.getValue()).isNull();
    assertThat(account.getValueFrom().getSecretKeyRef().getName()).isEqualTo("az-creds");
    assertThat(account.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AZURE_STORAGE_ACCOUNT");
    EnvVar key = env(container, "AZURE_STORAGE_KEY");
    assertThat(key.getValue()).isNull();
    assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("AZURE_STORAGE_KEY");
    assertThat(References.secretKeys(server)).containsEntry("az-creds",
        Set.of("AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY"));

    Map<String, Secret> secrets = Map.of("az-creds", new SecretBuilder().withNewMetadata().withName("az-creds")
        .endMetadata().addToData("AZURE_STORAGE_ACCOUNT", "YQ==").build());
    assertThat(References.resolve(server, n -> Optional.ofNullable(secrets.get(n)), n -> Optional.empty())
        .problem()).hasValueSatisfying(p -> assertThat(p.message()).contains("az-creds")
        .contains("AZURE_STORAGE_KEY").doesNotContain("YQ=="));
  }

  @Test
  void azureWithoutSecretUsesTheAccountNameAndTheDefaultCredentialChain() {
    TusServer server = TestResources.tusServer(AZURE.replace("credentialsSecret: {name: az-creds}",
        "accountName: myaccount"));
    Container container = container(DesiredDeployment.build(server, "default:1", "h"));
    assertThat(env(container, "AZURE_STORAGE_ACCOUNT").getValue()).isEqualTo("myaccount");
    assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("AZURE_STORAGE_KEY"));
    assertThat(References.secretKeys(server)).doesNotContainKey("az-creds");
  }

  @Test
  void azureIsASharedStore() {
    String ha = AZURE.replace("  storage:", "  replicas: 2\n  locker: redis\n  redis: {url: 'redis://r:6379'}\n"
        + "  storage:");
    assertThat(strategy(ha)).isEqualTo("RollingUpdate");
    assertThat(strategy(AZURE)).as("Azure with the per-pod memory locker").isEqualTo("Recreate");
    assertThat(DesiredDeployment.build(TestResources.tusServer(AZURE), "i", "h").getSpec().getTemplate().getSpec()
        .getVolumes()).filteredOn(v -> "tmp".equals(v.getName()))
        .singleElement().satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).hasToString("4Gi"));
  }

  @Test
  void grpcHooksMapToFlagsAndMountTheTlsSecretReadOnly() {
    TusServer server = TestResources.tusServer(AZURE);
    Deployment deployment = DesiredDeployment.build(server, "default:1", "h");
    Container container = container(deployment);
    String dir = Effective.GRPC_TLS_DIR;
    assertThat(container.getArgs()).containsSubsequence("-hooks-grpc=hooks:8081", "-hooks-grpc-retry=4",
        "-hooks-grpc-backoff=2s", "-hooks-grpc-timeout=20s", "-hooks-grpc-secure=true",
        "-hooks-grpc-server-tls-certificate=" + dir + "/ca.crt",
        "-hooks-grpc-client-tls-certificate=" + dir + "/tls.crt", "-hooks-grpc-client-tls-key=" + dir + "/tls.key");
    assertThat(container.getVolumeMounts()).filteredOn(m -> dir.equals(m.getMountPath())).singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null && "grpc-tls".equals(v.getSecret().getSecretName())).singleElement()
        .satisfies(v -> assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440));
    assertThat(References.secretKeys(server)).containsEntry("grpc-tls", Set.of("ca.crt", "tls.crt", "tls.key"));

    TusServer plain = TestResources.tusServer(AZURE.replace(
        "      tlsSecret: {name: grpc-tls, certKey: tls.crt, keyKey: tls.key}\n", ""));
    Deployment plainDeployment = DesiredDeployment.build(plain, "default:1", "h");
    assertThat(container(plainDeployment).getArgs()).contains("-hooks-grpc=hooks:8081")
        .noneMatch(a -> a.startsWith("-hooks-grpc-secure") || a.contains("tls"));
    assertThat(container(plainDeployment).getVolumeMounts()).noneMatch(m -> dir.equals(m.getMountPath()));
  }
}
