package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.AzureStorage;
import dev.resumable.operator.api.v1alpha1.CorsSpec;
import dev.resumable.operator.api.v1alpha1.HookEvent;
import dev.resumable.operator.api.v1alpha1.HooksSpec;
import dev.resumable.operator.api.v1alpha1.HttpHook;
import dev.resumable.operator.api.v1alpha1.S3Storage;
import dev.resumable.operator.api.v1alpha1.ServerSettings;
import dev.resumable.operator.api.v1alpha1.TusServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Maps a TusServer spec to the server's tusd-compatible command-line flags ({@code -name=value}). */
public final class ServerArgs {

  private ServerArgs() {
  }

  /**
   * Builds the server arguments.
   *
   * @param server the TusServer
   * @return the arguments, in a stable order, followed by spec.server.extraArgs
   */
  public static List<String> of(TusServer server) {
    List<String> args = new ArrayList<>();
    ServerSettings settings = Effective.settings(server);
    add(args, "port", String.valueOf(Effective.HTTP_PORT));
    add(args, "base-path", Effective.basePath(server));
    if (Effective.file(server) != null) {
      add(args, "upload-dir", Effective.UPLOAD_DIR);
    }
    S3Storage s3 = Effective.storage(server).getS3();
    if (s3 != null) {
      add(args, "s3-bucket", s3.getBucket());
      add(args, "s3-object-prefix", s3.getObjectPrefix());
      add(args, "s3-endpoint", s3.getEndpoint());
      add(args, "s3-region", s3.getRegion());
      add(args, "s3-part-size", s3.getPartSize());
    }
    AzureStorage azure = Effective.storage(server).getAzure();
    if (azure != null) {
      add(args, "azure-storage", azure.getContainer());
      add(args, "azure-object-prefix", azure.getObjectPrefix());
      add(args, "azure-endpoint", azure.getEndpoint());
      add(args, "azure-blob-access-tier", azure.getAccessTier());
      add(args, "azure-container-access-type", azure.getContainerAccessType());
    }
    args.addAll(LockerWiring.args(server));
    add(args, "max-size", settings.getMaxSize());
    add(args, "store-size", settings.getStoreSize());
    add(args, "expiration", settings.getExpiration());
    addFlag(args, "disable-download", settings.getDisableDownload());
    addFlag(args, "disable-termination", settings.getDisableTermination());
    addFlag(args, "disable-concatenation", settings.getDisableConcatenation());
    add(args, "network-timeout", settings.getNetworkTimeout());
    add(args, "acquire-lock-timeout", settings.getAcquireLockTimeout());
    if (Effective.ingressWanted(server) || Boolean.TRUE.equals(settings.getBehindProxy())) {
      add(args, "behind-proxy", "true");
    }
    cors(args, Effective.cors(server));
    add(args, "expose-metrics", String.valueOf(Effective.metricsEnabled(server)));
    if (Effective.metricsEnabled(server)) {
      add(args, "metrics-port", String.valueOf(Effective.metricsPort(server)));
    }
    hooks(args, Effective.hooks(server), Effective.outboxClaimWanted(server));
    args.addAll(GrpcHookWiring.args(server));
    add(args, "shutdown-timeout", settings.getShutdownTimeout());
    if (Boolean.FALSE.equals(settings.getShowGreeting())) {
      add(args, "show-greeting", "false");
    }
    if (settings.getExtraArgs() != null) {
      args.addAll(settings.getExtraArgs());
    }
    return args;
  }

  private static void cors(List<String> args, CorsSpec cors) {
    addFlag(args, "disable-cors", cors.getDisabled());
    add(args, "cors-allow-origin", cors.getAllowOrigin());
    addFlag(args, "cors-allow-credentials", cors.getAllowCredentials());
    add(args, "cors-allow-methods", cors.getAllowMethods());
    add(args, "cors-allow-headers", cors.getAllowHeaders());
    add(args, "cors-expose-headers", cors.getExposeHeaders());
    add(args, "cors-max-age", cors.getMaxAge() == null ? null : String.valueOf(cors.getMaxAge()));
  }

  private static void hooks(List<String> args, HooksSpec hooks, boolean outboxOnClaim) {
    HttpHook http = hooks.getHttp();
    if (http != null) {
      add(args, "hooks-http", http.getUrl());
      add(args, "hooks-http-retry", http.getRetry() == null ? null : String.valueOf(http.getRetry()));
      add(args, "hooks-http-backoff", http.getBackoff());
      add(args, "hooks-http-timeout", http.getTimeout());
    }
    if (outboxOnClaim) {
      add(args, "hooks-outbox-dir", Effective.OUTBOX_DIR);
    }
    if (hooks.getFile() != null) {
      add(args, "hooks-dir", Effective.HOOKS_DIR);
    }
    List<HookEvent> events = hooks.getEnabledEvents();
    if (events != null && !events.isEmpty()) {
      add(args, "hooks-enabled-events", events.stream().map(HookEvent::flagValue).collect(Collectors.joining(",")));
    }
  }

  private static void add(List<String> args, String flag, String value) {
    if (value != null && !value.isBlank()) {
      args.add("-" + flag + "=" + value);
    }
  }

  private static void addFlag(List<String> args, String flag, Boolean value) {
    if (value != null) {
      args.add("-" + flag + "=" + value);
    }
  }
}
