package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.AccessMode;
import dev.resumable.operator.api.v1alpha1.AutoscalingSpec;
import dev.resumable.operator.api.v1alpha1.CorsSpec;
import dev.resumable.operator.api.v1alpha1.FileStorage;
import dev.resumable.operator.api.v1alpha1.HooksSpec;
import dev.resumable.operator.api.v1alpha1.LockerType;
import dev.resumable.operator.api.v1alpha1.MetricsSpec;
import dev.resumable.operator.api.v1alpha1.PrometheusRuleSpec;
import dev.resumable.operator.api.v1alpha1.ServerSettings;
import dev.resumable.operator.api.v1alpha1.ServiceMonitorSpec;
import dev.resumable.operator.api.v1alpha1.ServiceSpec;
import dev.resumable.operator.api.v1alpha1.StorageSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.api.v1alpha1.TusServerSpec;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Null-safe view of a TusServer spec with the documented defaults applied. The API server applies the schema
 * defaults too, but the operator must not depend on it (older objects, clients that skip defaulting).
 */
public final class Effective {

  /** Container port of the tus endpoint. */
  public static final int HTTP_PORT = 1080;
  /** Default separate metrics port. */
  public static final int DEFAULT_METRICS_PORT = 9090;
  /** Upload directory inside the container for file storage. */
  public static final String UPLOAD_DIR = "/data";
  /** Mount path of file-hook scripts. */
  public static final String HOOKS_DIR = "/etc/tus/hooks";
  /** Mount path of the signing-key Secret. */
  public static final String SIGNING_KEY_DIR = "/etc/tus/signing-key";
  /** Mount path of the etcd TLS Secret. */
  public static final String ETCD_TLS_DIR = "/etc/tus/etcd-tls";
  /** Mount path of the gRPC hook receiver's TLS Secret. */
  public static final String GRPC_TLS_DIR = "/etc/tus/hooks-grpc-tls";
  /** The server's own -shutdown-timeout default. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  /** CPU target of an autoscaler given no target. */
  public static final int DEFAULT_CPU_TARGET = 80;
  /** Mount path of the persistent hook outbox (S3 with hooks.outbox). */
  public static final String OUTBOX_DIR = "/var/lib/tus/outbox";

  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Effective() {
  }

  /**
   * The spec, never null.
   *
   * @param server the TusServer
   * @return its spec or an empty one
   */
  public static TusServerSpec spec(TusServer server) {
    return server.getSpec() == null ? new TusServerSpec() : server.getSpec();
  }

  /**
   * Desired replicas, default 1.
   *
   * @param server the TusServer
   * @return replicas
   */
  public static int replicas(TusServer server) {
    Integer replicas = spec(server).getReplicas();
    return replicas == null ? 1 : replicas;
  }

  /**
   * The server settings, never null.
   *
   * @param server the TusServer
   * @return settings
   */
  public static ServerSettings settings(TusServer server) {
    ServerSettings settings = spec(server).getServer();
    return settings == null ? new ServerSettings() : settings;
  }

  /**
   * The CORS settings, never null.
   *
   * @param server the TusServer
   * @return CORS settings
   */
  public static CorsSpec cors(TusServer server) {
    CorsSpec cors = settings(server).getCors();
    return cors == null ? new CorsSpec() : cors;
  }

  /**
   * The base path, default {@code /files/}.
   *
   * @param server the TusServer
   * @return base path
   */
  public static String basePath(TusServer server) {
    String basePath = settings(server).getBasePath();
    return basePath == null ? "/files/" : basePath;
  }

  /**
   * The storage, never null.
   *
   * @param server the TusServer
   * @return storage
   */
  public static StorageSpec storage(TusServer server) {
    StorageSpec storage = spec(server).getStorage();
    return storage == null ? new StorageSpec() : storage;
  }

  /**
   * The file storage, or null for another backend.
   *
   * @param server the TusServer
   * @return file storage or null
   */
  public static FileStorage file(TusServer server) {
    return storage(server).getFile();
  }

  /**
   * Tells whether the operator creates the data claim (file storage without an existing claim).
   *
   * @param server the TusServer
   * @return true when a claim is managed
   */
  public static boolean managesClaim(TusServer server) {
    FileStorage file = file(server);
    return file != null && (file.getExistingClaim() == null || file.getExistingClaim().isBlank());
  }

  /**
   * Access modes of the file storage, default ReadWriteOnce.
   *
   * @param server the TusServer
   * @return access modes (empty when not file storage)
   */
  public static List<AccessMode> accessModes(TusServer server) {
    FileStorage file = file(server);
    if (file == null) {
      return List.of();
    }
    List<AccessMode> modes = file.getAccessModes();
    return modes == null || modes.isEmpty() ? List.of(AccessMode.READ_WRITE_ONCE) : modes;
  }

  /**
   * Tells whether two pods may share the volume (file storage with ReadWriteMany), or no volume is used.
   *
   * @param server the TusServer
   * @return true when a rolling update is safe
   */
  public static boolean volumeShareable(TusServer server) {
    return file(server) == null || accessModes(server).contains(AccessMode.READ_WRITE_MANY);
  }

  /**
   * The locker, default memory.
   *
   * @param server the TusServer
   * @return memory, file, redis or etcd
   */
  public static String locker(TusServer server) {
    LockerType locker = spec(server).getLocker();
    return locker == null ? LockerType.MEMORY.value() : locker.value();
  }

  /**
   * The hooks, never null.
   *
   * @param server the TusServer
   * @return hooks
   */
  public static HooksSpec hooks(TusServer server) {
    HooksSpec hooks = spec(server).getHooks();
    return hooks == null ? new HooksSpec() : hooks;
  }

  /**
   * The metrics, never null.
   *
   * @param server the TusServer
   * @return metrics
   */
  public static MetricsSpec metrics(TusServer server) {
    MetricsSpec metrics = spec(server).getMetrics();
    return metrics == null ? new MetricsSpec() : metrics;
  }

  /**
   * Tells whether metrics are exposed (default true).
   *
   * @param server the TusServer
   * @return true when exposed
   */
  public static boolean metricsEnabled(TusServer server) {
    return !Boolean.FALSE.equals(metrics(server).getEnabled());
  }

  /**
   * The metrics port, default 9090.
   *
   * @param server the TusServer
   * @return port
   */
  public static int metricsPort(TusServer server) {
    Integer port = metrics(server).getPort();
    return port == null ? DEFAULT_METRICS_PORT : port;
  }

  /**
   * Tells whether a ServiceMonitor is asked for (metrics on and serviceMonitor.enabled).
   *
   * @param server the TusServer
   * @return true when asked for
   */
  public static boolean serviceMonitorWanted(TusServer server) {
    ServiceMonitorSpec monitor = metrics(server).getServiceMonitor();
    return metricsEnabled(server) && monitor != null && Boolean.TRUE.equals(monitor.getEnabled());
  }

  /**
   * The service settings, never null.
   *
   * @param server the TusServer
   * @return service settings
   */
  public static ServiceSpec service(TusServer server) {
    ServiceSpec service = spec(server).getService();
    return service == null ? new ServiceSpec() : service;
  }

  /**
   * The Service port of the tus endpoint, default 80.
   *
   * @param server the TusServer
   * @return port
   */
  public static int servicePort(TusServer server) {
    Integer port = service(server).getPort();
    return port == null ? 80 : port;
  }

  /**
   * Tells whether an Ingress is asked for.
   *
   * @param server the TusServer
   * @return true when spec.ingress is set
   */
  public static boolean ingressWanted(TusServer server) {
    return spec(server).getIngress() != null;
  }

  /**
   * Size of the scratch space (/tmp): the spec's tmpSize, else 4Gi with S3 and Azure (part buffers) and 1Gi with file storage.
   *
   * @param server the TusServer
   * @return a quantity
   */
  public static String tmpSize(TusServer server) {
    String size = spec(server).getTmpSize();
    if (size != null && !size.isBlank()) {
      return size;
    }
    return file(server) != null ? "1Gi" : "4Gi";
  }

  /**
   * Tells whether the post-finish outbox gets its own claim: S3 storage with hooks.outbox.
   *
   * @param server the TusServer
   * @return true when the operator creates the outbox claim
   */
  public static boolean outboxClaimWanted(TusServer server) {
    return storage(server).getS3() != null && hooks(server).getOutbox() != null;
  }

  /**
   * Tells whether every pod sees every upload's bytes: S3, Azure, or file storage on a ReadWriteMany volume.
   *
   * @param server the TusServer
   * @return true for a shared store
   */
  public static boolean sharedStore(TusServer server) {
    return storage(server).getS3() != null || storage(server).getAzure() != null
        || (file(server) != null && accessModes(server).contains(AccessMode.READ_WRITE_MANY));
  }

  /**
   * Tells whether the locker excludes writers across pods: redis and etcd, or file on a shared volume (the server
   * falls back to a per-process memory locker for file with S3).
   *
   * @param server the TusServer
   * @return true for a locker shared by every pod
   */
  public static boolean sharedLocker(TusServer server) {
    String locker = locker(server);
    return "redis".equals(locker) || "etcd".equals(locker)
        || ("file".equals(locker) && file(server) != null && accessModes(server).contains(AccessMode.READ_WRITE_MANY));
  }

  /**
   * Tells whether several pods may serve the same uploads at once: a shared store and a shared locker. Then
   * rolling updates, more than one replica and autoscaling are safe.
   *
   * @param server the TusServer
   * @return true when pods may overlap
   */
  public static boolean podsMayShareUploads(TusServer server) {
    return sharedStore(server) && sharedLocker(server);
  }

  /**
   * The autoscaling settings, or null when autoscaling is off.
   *
   * @param server the TusServer
   * @return autoscaling or null
   */
  public static AutoscalingSpec autoscaling(TusServer server) {
    return spec(server).getAutoscaling();
  }

  /**
   * Fewest replicas of the autoscaler, default 2.
   *
   * @param autoscaling the settings
   * @return min replicas
   */
  public static int minReplicas(AutoscalingSpec autoscaling) {
    return autoscaling.getMinReplicas() == null ? 2 : autoscaling.getMinReplicas();
  }

  /**
   * Most replicas of the autoscaler (at least its minimum).
   *
   * @param autoscaling the settings
   * @return max replicas
   */
  public static int maxReplicas(AutoscalingSpec autoscaling) {
    return autoscaling.getMaxReplicas() == null ? minReplicas(autoscaling)
        : Math.max(autoscaling.getMaxReplicas(), 1);
  }

  /**
   * Replicas of the Deployment: spec.replicas, which the autoscaler sets through the scale subresource when on;
   * kept within the autoscaler's bounds so that switching it on never starts below its minimum.
   *
   * @param server the TusServer
   * @return replicas
   */
  public static int deploymentReplicas(TusServer server) {
    int replicas = replicas(server);
    AutoscalingSpec autoscaling = autoscaling(server);
    if (autoscaling == null) {
      return replicas;
    }
    return Math.min(Math.max(replicas, minReplicas(autoscaling)), maxReplicas(autoscaling));
  }

  /**
   * The most pods that may run: replicas, or the autoscaler's maximum.
   *
   * @param server the TusServer
   * @return the largest replica count
   */
  public static int mostReplicas(TusServer server) {
    AutoscalingSpec autoscaling = autoscaling(server);
    return autoscaling == null ? replicas(server) : Math.max(replicas(server), maxReplicas(autoscaling));
  }

  /**
   * The server's drain time after SIGTERM (server.shutdownTimeout, default the server's 10s).
   *
   * @param server the TusServer
   * @return the shutdown timeout
   */
  public static Duration shutdownTimeout(TusServer server) {
    String text = settings(server).getShutdownTimeout();
    return text == null || text.isBlank() ? DEFAULT_SHUTDOWN_TIMEOUT : parseDuration(text);
  }

  /**
   * Parses a Go-style duration as the CRD accepts it ({@code 0}, {@code 500ms}, {@code 1m30s}).
   *
   * @param text the duration
   * @return the duration
   * @throws IllegalArgumentException when it is not one
   */
  public static Duration parseDuration(String text) {
    String trimmed = text.strip();
    if ("0".equals(trimmed)) {
      return Duration.ZERO;
    }
    if (!trimmed.matches("([0-9]{1,9}(ms|s|m|h))+")) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 30s, 1h30m)");
    }
    Duration total = Duration.ZERO;
    Matcher part = DURATION_PART.matcher(trimmed);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      switch (part.group(2)) {
        case "ms" -> total = total.plusMillis(amount);
        case "s" -> total = total.plusSeconds(amount);
        case "m" -> total = total.plusMinutes(amount);
        default -> total = total.plusHours(amount);
      }
    }
    return total;
  }

  /**
   * Tells whether a PrometheusRule is asked for (metrics on and prometheusRule.enabled).
   *
   * @param server the TusServer
   * @return true when asked for
   */
  public static boolean prometheusRuleWanted(TusServer server) {
    PrometheusRuleSpec rule = metrics(server).getPrometheusRule();
    return metricsEnabled(server) && rule != null && Boolean.TRUE.equals(rule.getEnabled());
  }

  /**
   * The image the pods run: the spec's, else the operator's default.
   *
   * @param server the TusServer
   * @param defaultImage the operator's default image
   * @return the image
   */
  public static String image(TusServer server, String defaultImage) {
    String image = spec(server).getImage();
    return image == null || image.isBlank() ? defaultImage : image;
  }
}
