package dev.resumable.tus.cli;

import dev.resumable.tus.hooks.HookDispatcher;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.store.DirectoryRecords;
import dev.resumable.tus.store.RecordKeeper;
import dev.resumable.tus.hooks.HookSettings;
import dev.resumable.tus.hooks.HookType;
import dev.resumable.tus.hooks.HttpHookTransport;
import dev.resumable.tus.metrics.TusMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** tusd's {@code -hooks-*} flags, plus {@code -hooks-file-timeout}, {@code -hooks-http-signing-key} and {@code -hooks-outbox-dir}. */
final class HookOptions {
  private static final Logger LOG = LoggerFactory.getLogger(HookOptions.class);

  @Option(names = {"-hooks-enabled-events", "--hooks-enabled-events"}, paramLabel = "LIST",
      defaultValue = HookType.DEFAULT_ENABLED,
      description = "Hook events to run, comma-separated; pre-access and pre-finish are off unless listed "
          + "(default: ${DEFAULT-VALUE}).")
  String hooksEnabledEvents;

  @Option(names = {"-hooks-dir", "--hooks-dir"}, paramLabel = "DIR",
      description = "Directory of file hooks: executables named after the events.")
  Path hooksDir;

  @Option(names = {"-hooks-file-timeout", "--hooks-file-timeout"}, paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long a file hook may run before it is killed (default: ${DEFAULT-VALUE}).")
  Duration hooksFileTimeout;

  @Option(names = {"-hooks-http", "--hooks-http"}, paramLabel = "URL",
      description = "URL receiving HTTP hooks (POST, JSON).")
  String hooksHttp;

  @Option(names = {"-hooks-http-retry", "--hooks-http-retry"}, paramLabel = "N", defaultValue = "3",
      description = "Retries of a failed HTTP hook call (default: ${DEFAULT-VALUE}).")
  int hooksHttpRetry;

  @Option(names = {"-hooks-http-backoff", "--hooks-http-backoff"}, paramLabel = "DURATION", defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Wait before the first retry, doubled for each further one (default: ${DEFAULT-VALUE}).")
  Duration hooksHttpBackoff;

  @Option(names = {"-hooks-http-timeout", "--hooks-http-timeout"}, paramLabel = "DURATION", defaultValue = "15s",
      converter = DurationConverter.class,
      description = "Time limit of one HTTP hook call (default: ${DEFAULT-VALUE}).")
  Duration hooksHttpTimeout;

  @Option(names = {"-hooks-http-forward-headers", "--hooks-http-forward-headers"}, paramLabel = "LIST",
      defaultValue = "", description = "Client request headers copied onto HTTP hook requests, comma-separated.")
  String hooksHttpForwardHeaders;

  @Option(names = {"-hooks-http-size-limit", "--hooks-http-size-limit"}, paramLabel = "SIZE", defaultValue = "64KiB",
      converter = SizeConverter.class,
      description = "Largest HTTP hook response body accepted (default: ${DEFAULT-VALUE}).")
  long hooksHttpSizeLimit;

  @Option(names = {"-hooks-http-signing-key", "--hooks-http-signing-key"}, paramLabel = "KEY",
      description = "HMAC-SHA256 key signing HTTP hook requests (Tus-Signature header); prefer "
          + "TUS_HOOKS_HTTP_SIGNING_KEY_FILE.")
  String hooksHttpSigningKey;

  @Option(names = {"-hooks-outbox-dir", "--hooks-outbox-dir"}, paramLabel = "DIR",
      description = "Where post-finish events are recorded until delivered (default: in the store — the upload "
          + "directory, or the bucket under <prefix>.tus/hooks/ — where every replica sees them; with Azure, "
          + "java.io.tmpdir/tus-hooks-outbox). A directory given here must be shared by all replicas.")
  Path hooksOutboxDir;

  @Option(names = {"-progress-hooks-interval", "--progress-hooks-interval"}, paramLabel = "DURATION",
      defaultValue = "1s", converter = DurationConverter.class,
      description = "Least time between two post-receive events of one request (default: ${DEFAULT-VALUE}).")
  Duration progressHooksInterval;

  @Mixin
  GrpcHookOptions grpc = new GrpcHookOptions();

  /**
   * The hook system the flags describe, started; null when no transport is configured.
   *
   * @param store where the post-finish outbox is kept unless {@code -hooks-outbox-dir} names a directory; null for a
   *     store that keeps no records (then a directory under java.io.tmpdir, local to this process)
   * @param locker the locker shared with the other replicas: each post-finish record is delivered by one of them at
   *     a time
   */
  HookDispatcher start(TusMetrics metrics, RecordKeeper store, Locker locker) throws IOException {
    if (hooksDir == null && (hooksHttp == null || hooksHttp.isBlank()) && !grpc.enabled()) {
      return null;
    }
    Set<HookType> enabled;
    try {
      enabled = HookType.parseList(hooksEnabledEvents);
    } catch (IllegalArgumentException e) {
      throw new FlagException("-hooks-enabled-events: " + e.getMessage());
    }
    URI url = null;
    if (hooksHttp != null && !hooksHttp.isBlank()) {
      try {
        url = new URI(hooksHttp.trim());
      } catch (URISyntaxException e) {
        throw new FlagException("-hooks-http is not a URL: " + e.getMessage());
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new FlagException("-hooks-http must be an http:// or https:// URL");
      }
    }
    if (hooksDir != null && !Files.isDirectory(hooksDir)) {
      throw new ServerCommand.StartupException("hooks directory " + hooksDir + " does not exist");
    }
    if (hooksHttpRetry < 0 || hooksHttpTimeout.isZero() || hooksFileTimeout.isZero()) {
      throw new FlagException("-hooks-http-retry must not be negative; hook timeouts must be positive");
    }
    byte[] key = hooksHttpSigningKey == null || hooksHttpSigningKey.isBlank() ? null
        : hooksHttpSigningKey.strip().getBytes(StandardCharsets.UTF_8);
    List<String> forward = Arrays.stream(hooksHttpForwardHeaders.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    Path outboxDir = hooksOutboxDir != null ? hooksOutboxDir
        : store == null ? Path.of(System.getProperty("java.io.tmpdir"), "tus-hooks-outbox") : null;
    HookSettings settings = new HookSettings(enabled, hooksDir, hooksFileTimeout, url, hooksHttpRetry,
        hooksHttpBackoff, hooksHttpTimeout, forward, hooksHttpSizeLimit, key, progressHooksInterval, outboxDir);
    RecordKeeper outboxAt = outboxDir != null ? kind -> new DirectoryRecords(outboxDir, kind) : store;
    HookDispatcher dispatcher = HookDispatcher.start(settings, metrics == null ? null : metrics.registry(),
        grpc.transports(), outboxAt, locker);
    LOG.info("hooks: {} | file: {} | http: {}{} | grpc: {} | post-finish outbox: {}", hooksEnabledEvents,
        hooksDir == null ? "off" : hooksDir, url == null ? "off" : HttpHookTransport.redacted(url), key == null ? "" : " (signed)",
        grpc.describe(), outboxAt.records("hooks").describe());
    return dispatcher;
  }
}
