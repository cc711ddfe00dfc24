package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.AutoscalingSpec;
import dev.resumable.operator.api.v1alpha1.AzureStorage;
import dev.resumable.operator.api.v1alpha1.DisruptionBudgetSpec;
import dev.resumable.operator.api.v1alpha1.EtcdSpec;
import dev.resumable.operator.api.v1alpha1.FileStorage;
import dev.resumable.operator.api.v1alpha1.GrpcHook;
import dev.resumable.operator.api.v1alpha1.HookDelivery;
import dev.resumable.operator.api.v1alpha1.RedisSpec;
import dev.resumable.operator.api.v1alpha1.S3Storage;
import dev.resumable.operator.api.v1alpha1.ServerSettings;
import dev.resumable.operator.api.v1alpha1.ServiceSpec;
import dev.resumable.operator.api.v1alpha1.ServiceType;
import dev.resumable.operator.api.v1alpha1.StorageSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.api.v1alpha1.TusServerSpec;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.desired.Effective;
import dev.resumable.operator.desired.ServerArgs;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's own validation. It repeats the CRD's CEL rules (an API server without CEL, or an object stored
 * before a rule existed, must not slip through) and reports the first problem as a status condition.
 */
public final class SpecValidator {

  /** Longest name: the metrics Service {@code <name>-metrics} must stay a 63-character DNS label. */
  public static final int MAX_NAME = 55;
  private static final Pattern REDIS_URL = Pattern.compile("^rediss?://[^@/\\s]+(/[0-9]{1,2})?$");
  private static final Pattern ETCD_ENDPOINT = Pattern.compile("^https?://[^@/\\s]+:[0-9]+$");
  private static final Pattern DNS_1035_LABEL =
      Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

  private SpecValidator() {
  }

  /**
   * Validates a TusServer.
   *
   * @param server the TusServer
   * @return the first problem, or empty when valid
   */
  public static Optional<Problem> validate(TusServer server) {
    String name = server.getMetadata() == null ? null : server.getMetadata().getName();
    if (name == null || name.length() > MAX_NAME || !DNS_1035_LABEL.matcher(name).matches()) {
      return invalid("metadata.name must be a DNS-1035 label of at most " + MAX_NAME + " characters (it names the"
          + " Service and the metrics Service <name>-metrics, and is a label value)");
    }
    if (server.getSpec() == null) {
      return invalid("spec is required");
    }
    StorageSpec storage = server.getSpec().getStorage();
    if (storage == null) {
      return invalid("spec.storage is required");
    }
    int backends = (storage.getFile() != null ? 1 : 0) + (storage.getS3() != null ? 1 : 0)
        + (storage.getAzure() != null ? 1 : 0);
    if (backends != 1) {
      return invalid("exactly one of storage.file, storage.s3 or storage.azure must be set");
    }
    FileStorage file = storage.getFile();
    if (file != null && file.getExistingClaim() != null) {
      if (file.getStorageClassName() != null) {
        return invalid("storageClassName applies only to a claim the operator creates, not to existingClaim");
      }
      if (Boolean.TRUE.equals(file.getDeleteClaim())) {
        return invalid("deleteClaim cannot be set with existingClaim");
      }
    }
    if (file != null && Effective.hooks(server).getOutbox() != null) {
      return invalid("hooks.outbox applies to S3 storage only (file storage keeps the outbox in the upload"
          + " directory)");
    }
    S3Storage s3 = storage.getS3();
    if (s3 != null && (s3.getBucket() == null || s3.getBucket().isBlank())) {
      return invalid("storage.s3.bucket is required");
    }
    if (s3 != null && s3.getCredentialsSecret() != null && s3.getCredentialsSecret().getName() == null) {
      return invalid("storage.s3.credentialsSecret.name is required");
    }
    Optional<Problem> azure = checkAzure(storage.getAzure());
    if (azure.isPresent()) {
      return azure;
    }
    if (Effective.replicas(server) < 0) {
      return invalid("replicas must not be negative");
    }
    String basePath = Effective.basePath(server);
    if (!basePath.startsWith("/") || !basePath.endsWith("/")) {
      return invalid("server.basePath must start and end with /");
    }
    ServiceSpec service = Effective.service(server);
    if (service.getNodePort() != null
        && (service.getType() == null || service.getType() == ServiceType.CLUSTER_IP)) {
      return invalid("service.nodePort needs type NodePort or LoadBalancer");
    }
    if (server.getSpec().getIngress() != null && server.getSpec().getIngress().getHost() == null) {
      return invalid("ingress.host is required");
    }
    if (Effective.hooks(server).getHttp() != null && Effective.hooks(server).getHttp().getUrl() == null) {
      return invalid("hooks.http.url is required");
    }
    GrpcHook grpc = Effective.hooks(server).getGrpc();
    if (grpc != null && (grpc.getAddress() == null || grpc.getAddress().isBlank())) {
      return invalid("hooks.grpc.address is required");
    }
    if (grpc != null && grpc.getTlsSecret() != null && (grpc.getTlsSecret().getName() == null
        || (grpc.getTlsSecret().getCertKey() == null) != (grpc.getTlsSecret().getKeyKey() == null))) {
      return invalid("hooks.grpc.tlsSecret needs a name, and certKey and keyKey go together");
    }
    if (Effective.hooks(server).getFile() != null && Effective.hooks(server).getFile().getConfigMapName() == null) {
      return invalid("hooks.file.configMapName is required");
    }
    Optional<Problem> ports = checkPorts(server);
    if (ports.isPresent()) {
      return ports;
    }
    Optional<Problem> locker = checkLocker(server);
    if (locker.isPresent()) {
      return locker;
    }
    if (distributedLocker(server) && (Effective.settings(server).getStoreSize() != null
        || extraArgsSet(server, "-store-size"))) {
      return invalid("server.storeSize cannot be used with locker " + Effective.locker(server) + ": the server"
          + " counts it per pod, so replicas would each allow the full size (the server refuses to start); limit the"
          + " storage itself (bucket quota, volume size) and bound each upload with server.maxSize");
    }
    return checkSharing(server);
  }

  /** The pod's and Service's ports must differ, or the pod crash-loops or the API server rejects the Service. */
  private static Optional<Problem> checkPorts(TusServer server) {
    if (Effective.metricsEnabled(server)) {
      int metrics = Effective.metricsPort(server);
      if (metrics == Effective.HTTP_PORT) {
        return invalid("metrics.port must differ from the server's port " + Effective.HTTP_PORT);
      }
      if (metrics == Effective.servicePort(server)) {
        return invalid("metrics.port must differ from service.port " + metrics);
      }
    }
    List<String> extraArgs = Effective.settings(server).getExtraArgs();
    if (extraArgs != null) {
      Set<String> generated = new HashSet<>();
      for (String arg : ServerArgs.of(withoutExtraArgs(server))) {
        generated.add(flagName(arg));
      }
      for (String arg : extraArgs) {
        if (arg.startsWith("-") && generated.contains(flagName(arg))) {
          return invalid("server.extraArgs repeats " + flagName(arg) + ", which the operator sets from the spec; "
              + "use the spec field instead");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean distributedLocker(TusServer server) {
    String locker = Effective.locker(server);
    return "redis".equals(locker) || "etcd".equals(locker);
  }

  private static boolean extraArgsSet(TusServer server, String flag) {
    List<String> extraArgs = Effective.settings(server).getExtraArgs();
    return extraArgs != null && extraArgs.stream().anyMatch(arg -> arg.startsWith("-") && flag.equals(flagName(arg)));
  }

  private static String flagName(String arg) {
    String name = arg.replaceFirst("^-+", "-");
    int equals = name.indexOf('=');
    return equals < 0 ? name : name.substring(0, equals);
  }

  private static TusServer withoutExtraArgs(TusServer server) {
    TusServer copy = Serialization.clone(server);
    if (copy.getSpec().getServer() != null) {
      copy.getSpec().getServer().setExtraArgs(null);
    }
    return copy;
  }

  /** Azure storage needs a container and a way to find the account; a named Secret needs a name. */
  private static Optional<Problem> checkAzure(AzureStorage azure) {
    if (azure == null) {
      return Optional.empty();
    }
    if (azure.getContainer() == null || azure.getContainer().isBlank()) {
      return invalid("storage.azure.container is required");
    }
    if (azure.getCredentialsSecret() != null && azure.getCredentialsSecret().getName() == null) {
      return invalid("storage.azure.credentialsSecret.name is required");
    }
    if (azure.getAccountName() != null && azure.getCredentialsSecret() != null) {
      return invalid("storage.azure.accountName and storage.azure.credentialsSecret are exclusive (the Secret names"
          + " the account)");
    }
    if (azure.getAccountName() == null && azure.getCredentialsSecret() == null && azure.getEndpoint() == null) {
      return invalid("storage.azure needs accountName, credentialsSecret or endpoint to find the storage account");
    }
    return Optional.empty();
  }

  /**
   * More than one replica, and autoscaling, need pods that can serve the same uploads: a shared store and a shared
   * locker. Never run that silently; name what is missing.
   */
  private static Optional<Problem> checkSharing(TusServer server) {
    boolean autoscaling = Effective.autoscaling(server) != null;
    if (Effective.replicas(server) <= 1 && !autoscaling) {
      return Optional.empty();
    }
    String what = autoscaling ? "autoscaling" : "more than one replica";
    if (!Effective.sharedStore(server)) {
      return Optional.of(new Problem(Reasons.UNSAFE_CONFIGURATION, what + " needs a shared store: S3, Azure, or"
          + " storage.file.accessModes including ReadWriteMany (a ReadWriteOnce volume serves one pod)"));
    }
    if (!Effective.sharedLocker(server)) {
      String locker = Effective.locker(server);
      return Optional.of(new Problem(Reasons.UNSAFE_CONFIGURATION, what + " needs a shared locker: redis or etcd"
          + (Effective.file(server) != null ? " (or file on this ReadWriteMany volume)" : "")
          + "; locker " + locker + (locker.equals("file") ? " with S3 falls back to a per-pod memory locker"
          : " guards one pod only")));
    }
    return Optional.empty();
  }

  /** The locker's connection settings must match its type and name no credentials. */
  private static Optional<Problem> checkLocker(TusServer server) {
    TusServerSpec spec = server.getSpec();
    String locker = Effective.locker(server);
    if ((spec.getRedis() != null) != locker.equals("redis")) {
      return invalid("locker: redis and spec.redis go together");
    }
    if ((spec.getEtcd() != null) != locker.equals("etcd")) {
      return invalid("locker: etcd and spec.etcd go together");
    }
    RedisSpec redis = spec.getRedis();
    if (redis != null) {
      if (redis.getUrl() == null || !REDIS_URL.matcher(redis.getUrl()).matches()) {
        return invalid("redis.url must be redis://host:port[/db] without credentials (they belong in"
            + " redis.credentialsSecret)");
      }
      if (redis.getCredentialsSecret() != null && redis.getCredentialsSecret().getName() == null) {
        return invalid("redis.credentialsSecret.name is required");
      }
    }
    EtcdSpec etcd = spec.getEtcd();
    if (etcd != null) {
      if (etcd.getEndpoints() == null || etcd.getEndpoints().isEmpty()
          || !etcd.getEndpoints().stream().allMatch(e -> e != null && ETCD_ENDPOINT.matcher(e).matches())) {
        return invalid("etcd.endpoints must list http(s)://host:port URLs without credentials");
      }
      if (etcd.getCredentialsSecret() != null && (etcd.getCredentialsSecret().getName() == null
          || etcd.getCredentialsSecret().getUsernameKey() == null)) {
        return invalid("etcd.credentialsSecret needs name and usernameKey");
      }
      if (etcd.getTls() != null && (etcd.getTls().getName() == null
          || (etcd.getTls().getCertKey() == null) != (etcd.getTls().getKeyKey() == null))) {
        return invalid("etcd.tls needs name, and certKey and keyKey go together");
      }
    }
    AutoscalingSpec autoscaling = spec.getAutoscaling();
    if (autoscaling != null && (autoscaling.getMaxReplicas() == null
        || Effective.minReplicas(autoscaling) > autoscaling.getMaxReplicas() || Effective.minReplicas(autoscaling) < 1)) {
      return invalid("autoscaling needs 1 <= minReplicas <= maxReplicas");
    }
    DisruptionBudgetSpec budget = spec.getDisruptionBudget();
    if (budget != null && budget.getMinAvailable() != null && budget.getMaxUnavailable() != null) {
      return invalid("set at most one of disruptionBudget.minAvailable and maxUnavailable");
    }
    return checkDurations(server);
  }

  /** A duration the operator passes to the server, where it is in the spec, and whether the server refuses 0. */
  private record DurationField(String path, String value, boolean positive) {
  }

  /**
   * Every duration the operator passes to the server parses as the server parses it (at most nine digits per unit),
   * and the ones the server refuses at zero are positive: the CRD's patterns and CEL rules say the same, so that a
   * spec the API server admits never makes the pods crash-loop.
   */
  private static Optional<Problem> checkDurations(TusServer server) {
    ServerSettings settings = Effective.settings(server);
    List<DurationField> fields = new ArrayList<>(List.of(
        new DurationField("server.expiration", settings.getExpiration(), false),
        new DurationField("server.networkTimeout", settings.getNetworkTimeout(), true),
        new DurationField("server.acquireLockTimeout", settings.getAcquireLockTimeout(), true),
        new DurationField("server.shutdownTimeout", settings.getShutdownTimeout(), false)));
    hookDurations(fields, "hooks.http", Effective.hooks(server).getHttp());
    hookDurations(fields, "hooks.grpc", Effective.hooks(server).getGrpc());
    for (DurationField field : fields) {
      if (field.value() == null) {
        continue;
      }
      Duration duration;
      try {
        duration = Effective.parseDuration(field.value());
      } catch (IllegalArgumentException e) {
        return invalid(field.path() + ": " + e.getMessage());
      }
      if (field.positive() && duration.isZero()) {
        return invalid(field.path() + " must be positive: the server refuses a zero duration");
      }
    }
    return Optional.empty();
  }

  private static void hookDurations(List<DurationField> fields, String path, HookDelivery hook) {
    if (hook != null) {
      fields.add(new DurationField(path + ".backoff", hook.getBackoff(), false));
      fields.add(new DurationField(path + ".timeout", hook.getTimeout(), true));
    }
  }

  private static Optional<Problem> invalid(String message) {
    return Optional.of(new Problem(Reasons.INVALID_SPEC, message));
  }
}
