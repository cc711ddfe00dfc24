package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.FileStorage;
import dev.resumable.operator.api.v1alpha1.AzureCredentials;
import dev.resumable.operator.api.v1alpha1.AzureStorage;
import dev.resumable.operator.api.v1alpha1.HooksSpec;
import dev.resumable.operator.api.v1alpha1.S3Credentials;
import dev.resumable.operator.api.v1alpha1.S3Storage;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.api.v1alpha1.TusServerSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired Deployment of a TusServer: a pure function of the spec, the default image and the hash of the referenced
 * Secrets and ConfigMaps. Credentials are wired by {@code secretKeyRef} and volume mounts, never by value.
 */
public final class DesiredDeployment {

  /** Non-root user and group the server runs as (distroless "nonroot"). */
  public static final long RUN_AS = 65532L;
  /**
   * Seconds a terminating pod keeps serving before it is signalled: endpoints controllers and ingress controllers
   * need a moment to stop routing to it (otherwise new requests reach a server already answering 503).
   */
  public static final long PRE_STOP_SECONDS = 5L;
  /**
   * Seconds of the grace period beyond the preStop delay and the server's drain (-shutdown-timeout): closing the
   * store and locker and flushing logs after the last request.
   */
  public static final long SHUTDOWN_MARGIN_SECONDS = 10L;

  private DesiredDeployment() {
  }

  /**
   * Builds the desired Deployment.
   *
   * @param server the TusServer
   * @param defaultImage image used when the spec names none
   * @param configHash hash of every referenced Secret and ConfigMap
   * @return the Deployment, without owner references (the dependent adds them)
   */
  public static Deployment build(TusServer server, String defaultImage, String configHash) {
    TusServerSpec spec = Effective.spec(server);
    Map<String, String> podLabels = new LinkedHashMap<>();
    if (spec.getPodLabels() != null) {
      podLabels.putAll(spec.getPodLabels());
    }
    podLabels.putAll(Names.labels(server));
    Map<String, String> podAnnotations = new LinkedHashMap<>();
    if (spec.getPodAnnotations() != null) {
      podAnnotations.putAll(spec.getPodAnnotations());
    }
    podAnnotations.put(Names.CONFIG_HASH_ANNOTATION, configHash);

    return new DeploymentBuilder()
        .withNewMetadata()
          .withName(Names.workload(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
        .endMetadata()
        .withNewSpec()
          .withReplicas(Effective.deploymentReplicas(server))
          .withRevisionHistoryLimit(5)
          .withNewSelector().withMatchLabels(Names.selectorLabels(server)).endSelector()
          .withStrategy(strategy(server))
          .withNewTemplate()
            .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
            .withNewSpec()
              .withServiceAccountName(spec.getServiceAccountName())
              .withAutomountServiceAccountToken(false)
              .withEnableServiceLinks(false)
              .withImagePullSecrets(spec.getImagePullSecrets())
              .withSecurityContext(new PodSecurityContextBuilder()
                  .withRunAsNonRoot(true)
                  .withRunAsUser(RUN_AS)
                  .withRunAsGroup(RUN_AS)
                  .withFsGroup(RUN_AS)
                  .withFsGroupChangePolicy("OnRootMismatch")
                  .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                  .build())
              .withNodeSelector(spec.getNodeSelector())
              .withTolerations(spec.getTolerations())
              .withAffinity(spec.getAffinity())
              .withTopologySpreadConstraints(spec.getTopologySpreadConstraints())
              .withTerminationGracePeriodSeconds(terminationGraceSeconds(server))
              .addToContainers(new ContainerBuilder()
                  .withName(Names.CONTAINER)
                  .withImage(Effective.image(server, defaultImage))
                  .withImagePullPolicy(spec.getImagePullPolicy() == null ? null
                      : spec.getImagePullPolicy().value())
                  .withArgs(ServerArgs.of(server))
                  .withEnv(env(server))
                  .withPorts(ports(server))
                  .withResources(resources(spec.getResources(), Effective.tmpSize(server)))
                  .withNewLifecycle()
                    .withNewPreStop().withNewSleep().withSeconds(PRE_STOP_SECONDS).endSleep().endPreStop()
                  .endLifecycle()
                  .withStartupProbe(probe("/healthz", 30))
                  .withLivenessProbe(probe("/healthz", 3))
                  .withReadinessProbe(probe("/readyz", 3))
                  .withVolumeMounts(mounts(server))
                  .withSecurityContext(new SecurityContextBuilder()
                      .withAllowPrivilegeEscalation(false)
                      .withReadOnlyRootFilesystem(true)
                      .withRunAsNonRoot(true)
                      .withPrivileged(false)
                      .withNewCapabilities().addToDrop("ALL").endCapabilities()
                      .build())
                  .build())
              .withVolumes(volumes(server))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The pod's grace period: the preStop delay, the server's drain (server.shutdownTimeout, rounded up to seconds)
   * and a margin, so that the kubelet never kills a pod still finishing uploads.
   *
   * @param server the TusServer
   * @return seconds
   */
  public static long terminationGraceSeconds(TusServer server) {
    long drainMillis = Effective.shutdownTimeout(server).toMillis();
    return PRE_STOP_SECONDS + (drainMillis + 999) / 1000 + SHUTDOWN_MARGIN_SECONDS;
  }

  /**
   * Rolling updates run a second pod beside the first for a while, and keep every old pod serving until its
   * successor is ready (maxUnavailable 0, maxSurge 1). That is safe only when both can serve the same uploads: a
   * shared store and a shared locker ({@link Effective#podsMayShareUploads}). A memory locker guards one pod only,
   * and a ReadWriteOnce volume cannot be mounted twice: then Recreate.
   */
  private static DeploymentStrategy strategy(TusServer server) {
    if (!Effective.podsMayShareUploads(server)) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
          .withMaxSurge(new IntOrString(1))
          .withMaxUnavailable(new IntOrString(0))
        .endRollingUpdate()
        .build();
  }

  private static List<ContainerPort> ports(TusServer server) {
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(new ContainerPortBuilder().withName("http").withContainerPort(Effective.HTTP_PORT)
        .withProtocol("TCP").build());
    if (Effective.metricsEnabled(server)) {
      ports.add(new ContainerPortBuilder().withName("metrics").withContainerPort(Effective.metricsPort(server))
          .withProtocol("TCP").build());
    }
    return ports;
  }

  private static Probe probe(String path, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString("http")).withScheme("HTTP").endHttpGet()
        .withPeriodSeconds(failureThreshold > 3 ? 2 : 10)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .withSuccessThreshold(1)
        .build();
  }

  /**
   * The container's resources: the defaults (requests 100m CPU, 256Mi memory, the scratch size as ephemeral
   * storage; limit 512Mi memory) overridden key by key by the spec, so setting only a CPU limit keeps the memory
   * limit. A defaulted request above a limit the spec sets is lowered to that limit, and a defaulted limit below a
   * request the spec sets is raised to it (the API server refuses a request above its limit). Quantities are in
   * canonical form.
   */
  static ResourceRequirements resources(ResourceRequirements requested, String tmpSize) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity("100m"));
    requests.put("memory", new Quantity("256Mi"));
    requests.put("ephemeral-storage", new Quantity(tmpSize));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("memory", new Quantity("512Mi"));
    Map<String, Quantity> givenRequests = requested == null || requested.getRequests() == null ? Map.of()
        : requested.getRequests();
    Map<String, Quantity> givenLimits = requested == null || requested.getLimits() == null ? Map.of()
        : requested.getLimits();
    requests.putAll(givenRequests);
    limits.putAll(givenLimits);
    givenLimits.forEach((name, limit) -> {
      Quantity request = requests.get(name);
      if (request != null && !givenRequests.containsKey(name)
          && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
        requests.put(name, limit);
      }
    });
    givenRequests.forEach((name, request) -> {
      Quantity limit = limits.get(name);
      if (limit != null && !givenLimits.containsKey(name)
          && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
        limits.put(name, request);
      }
    });
    return new ResourceRequirementsBuilder()
        .withRequests(Quantities.canonical(requests))
        .withLimits(Quantities.canonical(limits))
        .withClaims(requested == null ? null : requested.getClaims())
        .build();
  }

  private static List<EnvVar> env(TusServer server) {
    List<EnvVar> env = new ArrayList<>();
    S3Storage s3 = Effective.storage(server).getS3();
    if (s3 != null) {
      if (s3.getRegion() != null) {
        env.add(new EnvVarBuilder().withName("AWS_REGION").withValue(s3.getRegion()).build());
      }
      S3Credentials credentials = s3.getCredentialsSecret();
      if (credentials != null) {
        env.add(secretEnv("AWS_ACCESS_KEY_ID", credentials.getName(), accessKeyIdKey(credentials)));
        env.add(secretEnv("AWS_SECRET_ACCESS_KEY", credentials.getName(), secretAccessKeyKey(credentials)));
      }
    }
    AzureStorage azure = Effective.storage(server).getAzure();
    if (azure != null) {
      AzureCredentials credentials = azure.getCredentialsSecret();
      if (credentials != null) {
        env.add(secretEnv("AZURE_STORAGE_ACCOUNT", credentials.getName(), accountNameKey(credentials)));
        env.add(secretEnv("AZURE_STORAGE_KEY", credentials.getName(), accountKeyKey(credentials)));
      } else if (azure.getAccountName() != null) {
        env.add(new EnvVarBuilder().withName("AZURE_STORAGE_ACCOUNT").withValue(azure.getAccountName()).build());
      }
    }
    env.addAll(LockerWiring.env(server));
    if (Effective.hooks(server).getHttp() != null) {
      env.add(new EnvVarBuilder().withName("TUS_HOOKS_HTTP_SIGNING_KEY_FILE")
          .withValue(Effective.SIGNING_KEY_DIR + "/" + Names.SIGNING_KEY_KEY).build());
    }
    List<EnvVar> extra = Effective.settings(server).getEnv();
    if (extra != null) {
      env.addAll(extra);
    }
    return env;
  }

  /**
   * Key of the access key id in the credentials Secret, default AWS_ACCESS_KEY_ID.
   *
   * @param credentials the reference
   * @return the key
   */
  public static String accessKeyIdKey(S3Credentials credentials) {
    return credentials.getAccessKeyIdKey() == null ? "AWS_ACCESS_KEY_ID" : credentials.getAccessKeyIdKey();
  }

  /**
   * Key of the secret access key in the credentials Secret, default AWS_SECRET_ACCESS_KEY.
   *
   * @param credentials the reference
   * @return the key
   */
  public static String secretAccessKeyKey(S3Credentials credentials) {
    return credentials.getSecretAccessKeyKey() == null ? "AWS_SECRET_ACCESS_KEY"
        : credentials.getSecretAccessKeyKey();
  }

  /**
   * Key of the storage account name in the Azure credentials Secret, default AZURE_STORAGE_ACCOUNT.
   *
   * @param credentials the reference
   * @return the key
   */
  public static String accountNameKey(AzureCredentials credentials) {
    return credentials.getAccountNameKey() == null ? "AZURE_STORAGE_ACCOUNT" : credentials.getAccountNameKey();
  }

  /**
   * Key of the storage account key in the Azure credentials Secret, default AZURE_STORAGE_KEY.
   *
   * @param credentials the reference
   * @return the key
   */
  public static String accountKeyKey(AzureCredentials credentials) {
    return credentials.getAccountKeyKey() == null ? "AZURE_STORAGE_KEY" : credentials.getAccountKeyKey();
  }

  private static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).withOptional(false)
        .endSecretKeyRef().endValueFrom()
        .build();
  }

  private static List<VolumeMount> mounts(TusServer server) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    if (Effective.file(server) != null) {
      mounts.add(new VolumeMountBuilder().withName("data").withMountPath(Effective.UPLOAD_DIR).build());
    }
    HooksSpec hooks = Effective.hooks(server);
    if (hooks.getFile() != null) {
      mounts.add(new VolumeMountBuilder().withName("hooks").withMountPath(Effective.HOOKS_DIR).withReadOnly(true)
          .build());
    }
    if (Effective.outboxClaimWanted(server)) {
      mounts.add(new VolumeMountBuilder().withName("hook-outbox").withMountPath(Effective.OUTBOX_DIR).build());
    }
    if (hooks.getHttp() != null) {
      mounts.add(new VolumeMountBuilder().withName("signing-key").withMountPath(Effective.SIGNING_KEY_DIR)
          .withReadOnly(true).build());
    }
    mounts.addAll(GrpcHookWiring.mounts(server));
    mounts.addAll(LockerWiring.mounts(server));
    return mounts;
  }

  private static List<Volume> volumes(TusServer server) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName("tmp")
        .withNewEmptyDir().withSizeLimit(Quantities.canonical(new Quantity(Effective.tmpSize(server)))).endEmptyDir()
        .build());
    FileStorage file = Effective.file(server);
    if (file != null) {
      String claim = Effective.managesClaim(server) ? Names.dataClaim(server) : file.getExistingClaim();
      volumes.add(new VolumeBuilder().withName("data")
          .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
    }
    HooksSpec hooks = Effective.hooks(server);
    if (hooks.getFile() != null) {
      volumes.add(new VolumeBuilder().withName("hooks")
          .withNewConfigMap().withName(hooks.getFile().getConfigMapName()).withDefaultMode(0555).endConfigMap()
          .build());
    }
    if (Effective.outboxClaimWanted(server)) {
      volumes.add(new VolumeBuilder().withName("hook-outbox")
          .withNewPersistentVolumeClaim().withClaimName(Names.outboxClaim(server)).endPersistentVolumeClaim()
          .build());
    }
    if (hooks.getHttp() != null) {
      volumes.add(new VolumeBuilder().withName("signing-key")
          .withNewSecret().withSecretName(Names.signingKeySecret(server)).withDefaultMode(0440).endSecret()
          .build());
    }
    volumes.addAll(GrpcHookWiring.volumes(server));
    volumes.addAll(LockerWiring.volumes(server));
    return volumes;
  }
}
