package dev.resumable.tus.cli;

import dev.resumable.tus.hooks.HookDispatcher;
import dev.resumable.tus.hooks.HookSettings;
import dev.resumable.tus.hooks.HookType;
import dev.resumable.tus.http.CorsHandler;
import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.lock.memory.MemoryLocker;
import dev.resumable.tus.metrics.TusMetrics;
import dev.resumable.tus.server.PemTls;
import dev.resumable.tus.server.TlsMode;
import dev.resumable.tus.server.TusServer;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.store.file.FileStore;
import dev.resumable.tus.store.s3.RequestTiming;
import dev.resumable.tus.store.s3.S3Store;
import dev.resumable.tus.store.s3.S3StoreBuilder;
import io.undertow.server.HttpHandler;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code tus-server} command line: tusd-compatible flag names, each accepted as {@code -flag value},
 * {@code --flag value} and {@code -flag=value}, and each also read from the environment variable
 * {@code TUS_<FLAG>} (see {@link EnvironmentDefaults}).
 */
@Command(name = "tus-server", sortOptions = false, usageHelpAutoWidth = true, abbreviateSynopsis = true,
    versionProvider = Version.class,
    description = "A tus 1.0.0 resumable-upload server.%n",
    footer = {"%nEvery flag can also be set with the environment variable TUS_<FLAG> (upper case, '-' as '_'),",
        "e.g. TUS_MAX_SIZE=10GiB; TUS_<FLAG>_FILE names a file holding the value. Flags win over the environment."})
public final class ServerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  /** The lockers selectable with {@code -locker}. */
  enum LockerType { memory, file }

  @Spec
  CommandSpec spec;

  @Option(names = {"-host", "--host"}, paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = {"-port", "--port"}, paramLabel = "PORT", defaultValue = "1080",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = {"-base-path", "--base-path"}, paramLabel = "PATH", defaultValue = "/files/",
      description = "Path uploads live under (default: ${DEFAULT-VALUE}).")
  String basePath;

  @Option(names = {"-upload-dir", "--upload-dir", "-dir", "--dir"}, paramLabel = "DIR", defaultValue = "./data",
      description = "Directory of the file store (default: ${DEFAULT-VALUE}).")
  Path uploadDir;

  @Option(names = {"-max-size", "--max-size"}, paramLabel = "SIZE", defaultValue = "0",
      converter = SizeConverter.class,
      description = "Largest upload accepted, e.g. 10GiB; 0 for no limit (default: ${DEFAULT-VALUE}).")
  long maxSize;

  @Option(names = {"-store-size", "--store-size"}, paramLabel = "SIZE", defaultValue = "0",
      converter = SizeConverter.class,
      description = "Total declared bytes the store may hold; 0 for no limit (default: ${DEFAULT-VALUE}).")
  long storeSize;

  @Option(names = {"-expiration", "--expiration"}, paramLabel = "DURATION", defaultValue = "0",
      converter = DurationConverter.class,
      description = "Delete unfinished uploads this long after their last change, e.g. 24h; 0 to keep them "
          + "(default: ${DEFAULT-VALUE}).")
  Duration expiration;

  @Option(names = {"-disable-download", "--disable-download"}, arity = "0..1", defaultValue = "false",
      description = "Do not serve finished uploads with GET.")
  boolean disableDownload;

  @Option(names = {"-disable-termination", "--disable-termination"}, arity = "0..1", defaultValue = "false",
      description = "Do not let clients delete uploads (termination extension).")
  boolean disableTermination;

  @Option(names = {"-disable-concatenation", "--disable-concatenation"}, arity = "0..1", defaultValue = "false",
      description = "Do not offer the concatenation extension.")
  boolean disableConcatenation;

  @Option(names = {"-locker", "--locker"}, paramLabel = "TYPE", defaultValue = "file",
      description = "Upload locker: memory (one process) or file (processes sharing the upload directory; "
          + "with -s3-bucket, memory is used) (default: ${DEFAULT-VALUE}).")
  LockerType locker;

  @Option(names = {"-acquire-lock-timeout", "--acquire-lock-timeout"}, paramLabel = "DURATION",
      defaultValue = "20s", converter = DurationConverter.class,
      description = "How long a request waits for an upload's lock (default: ${DEFAULT-VALUE}).")
  Duration acquireLockTimeout;

  @Option(names = {"-network-timeout", "--network-timeout"}, paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long a read from or write to a client may stall (default: ${DEFAULT-VALUE}).")
  Duration networkTimeout;

  @Option(names = {"-fsync", "--fsync"}, arity = "0..1", defaultValue = "false",
      description = "Acknowledge a chunk only once it is on stable storage (survives power loss; slower).")
  boolean fsync;

  @Option(names = {"-behind-proxy", "--behind-proxy"}, arity = "0..1", defaultValue = "false",
      description = "Build upload URLs from Forwarded / X-Forwarded-Host, -Proto and -Prefix headers (only behind "
          + "a proxy that sets them).")
  boolean behindProxy;

  @Option(names = {"-disable-cors", "--disable-cors"}, arity = "0..1", defaultValue = "false",
      description = "Send no CORS headers (browsers on other origins cannot upload).")
  boolean disableCors;

  @Option(names = {"-cors-allow-origin", "--cors-allow-origin"}, paramLabel = "REGEX", defaultValue = ".*",
      description = "Origins granted CORS access; the whole Origin must match (default: ${DEFAULT-VALUE}).")
  String corsAllowOrigin;

  @Option(names = {"-cors-allow-credentials", "--cors-allow-credentials"}, arity = "0..1", defaultValue = "false",
      description = "Allow credentialed CORS requests (cookies, Authorization).")
  boolean corsAllowCredentials;

  @Option(names = {"-cors-allow-methods", "--cors-allow-methods"}, paramLabel = "LIST",
      defaultValue = CorsHandler.DEFAULT_ALLOW_METHODS,
      description = "Access-Control-Allow-Methods (default: ${DEFAULT-VALUE}).")
  String corsAllowMethods;

  @Option(names = {"-cors-allow-headers", "--cors-allow-headers"}, paramLabel = "LIST", defaultValue = "",
      description = "Request headers allowed in addition to the tus defaults.")
  String corsAllowHeaders;

  @Option(names = {"-cors-expose-headers", "--cors-expose-headers"}, paramLabel = "LIST", defaultValue = "",
      description = "Response headers exposed in addition to the tus defaults.")
  String corsExposeHeaders;

  @Option(names = {"-cors-max-age", "--cors-max-age"}, paramLabel = "SECONDS", defaultValue = "86400",
      description = "How long browsers may cache a preflight (default: ${DEFAULT-VALUE}).")
  long corsMaxAge;

  @Option(names = {"-expose-metrics", "--expose-metrics"}, arity = "0..1", defaultValue = "true",
      description = "Serve Prometheus metrics (default: ${DEFAULT-VALUE}).")
  boolean exposeMetrics;

  @Option(names = {"-metrics-path", "--metrics-path"}, paramLabel = "PATH", defaultValue = "/metrics",
      description = "Path of the metrics (default: ${DEFAULT-VALUE}).")
  String metricsPath;

  @Option(names = {"-metrics-port", "--metrics-port"}, paramLabel = "PORT", defaultValue = "-1",
      description = "Serve metrics (and probes) on this separate port instead of the main one.")
  int metricsPort;

  @Option(names = {"-tls-certificate", "--tls-certificate"}, paramLabel = "FILE",
      description = "PEM certificate chain; with -tls-key, serve HTTPS (and HTTP/2).")
  Path tlsCertificate;

  @Option(names = {"-tls-key", "--tls-key"}, paramLabel = "FILE",
      description = "PEM private key (PKCS#8, or PKCS#1 RSA) of -tls-certificate.")
  Path tlsKey;

  @Option(names = {"-tls-mode", "--tls-mode"}, paramLabel = "MODE", defaultValue = "tls12",
      description = "tls12 (TLS 1.2+), tls13 (TLS 1.3 only) or tls12-strong (TLS 1.2+ with forward-secret AEAD "
          + "suites only) (default: ${DEFAULT-VALUE}).")
  String tlsMode;

  @Option(names = {"-shutdown-timeout", "--shutdown-timeout"}, paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "On SIGTERM, how long running requests may finish before they are stopped "
          + "(default: ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Option(names = {"-log-format", "--log-format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (one object per line) (default: ${DEFAULT-VALUE}).")
  LogSetup.Format logFormat;

  @Option(names = {"-verbose", "--verbose"}, arity = "0..1", defaultValue = "false",
      description = "Log every request decision (debug level).")
  boolean verbose;

  // ---- S3 store (tusd's -s3-* flags); -s3-bucket switches the store from the upload directory to S3 ----
  @Option(names = {"-s3-bucket", "--s3-bucket"}, paramLabel = "BUCKET",
      description = "Store uploads in this S3 bucket instead of -upload-dir.")
  String s3Bucket;

  @Option(names = {"-s3-object-prefix", "--s3-object-prefix"}, paramLabel = "PREFIX", defaultValue = "",
      description = "Prefix of every object key, e.g. uploads/.")
  String s3ObjectPrefix;

  @Option(names = {"-s3-endpoint", "--s3-endpoint"}, paramLabel = "URL",
      description = "Endpoint of an S3-compatible service (MinIO, Ceph, R2, ...); forces path-style addressing.")
  String s3Endpoint;

  @Option(names = {"-s3-region", "--s3-region"}, paramLabel = "REGION",
      description = "Region (default: the AWS default chain, e.g. AWS_REGION; us-east-1 with -s3-endpoint).")
  String s3Region;

  @Option(names = {"-s3-part-size", "--s3-part-size"}, paramLabel = "SIZE", defaultValue = "50MiB",
      converter = SizeConverter.class, description = "Preferred part size (default: ${DEFAULT-VALUE}).")
  long s3PartSize;

  @Option(names = {"-s3-min-part-size", "--s3-min-part-size"}, paramLabel = "SIZE", defaultValue = "5MiB",
      converter = SizeConverter.class,
      description = "Smallest part but the last; smaller tails wait in <id>.part (default: ${DEFAULT-VALUE}).")
  long s3MinPartSize;

  @Option(names = {"-s3-max-buffered-parts", "--s3-max-buffered-parts"}, paramLabel = "N", defaultValue = "20",
      description = "Part files one PATCH may keep on temp disk awaiting upload (default: ${DEFAULT-VALUE}).")
  int s3MaxBufferedParts;

  @Option(names = {"-s3-concurrent-part-uploads", "--s3-concurrent-part-uploads"}, paramLabel = "N",
      defaultValue = "10", description = "Part uploads running at once, all uploads together "
          + "(default: ${DEFAULT-VALUE}).")
  int s3ConcurrentPartUploads;

  @Option(names = {"-s3-disable-content-hashes", "--s3-disable-content-hashes"}, arity = "0..1",
      defaultValue = "false", description = "Send no content checksums with S3 requests (faster; for services "
          + "that reject them).")
  boolean s3DisableContentHashes;

  @Option(names = {"-s3-disable-ssl", "--s3-disable-ssl"}, arity = "0..1", defaultValue = "false",
      description = "Use plain HTTP for an -s3-endpoint given without scheme (and for AWS).")
  boolean s3DisableSsl;

  @Option(names = {"-s3-equal-part-size", "--s3-equal-part-size"}, arity = "0..1", defaultValue = "false",
      description = "Make every part but the last the same size (Cloudflare R2 requires it).")
  boolean s3EqualPartSize;

  /** The S3 store the -s3-* flags describe, reporting its requests to {@code metrics} when given. */
  private UploadStore s3Store(TusMetrics metrics) {
    try {
      S3StoreBuilder builder = S3Store.builder().bucket(s3Bucket).objectPrefix(s3ObjectPrefix).endpoint(s3Endpoint)
          .region(s3Region).partSize(s3PartSize).minPartSize(s3MinPartSize).maxBufferedParts(s3MaxBufferedParts)
          .concurrentPartUploads(s3ConcurrentPartUploads).disableContentHashes(s3DisableContentHashes)
          .disableSsl(s3DisableSsl).equalPartSize(s3EqualPartSize);
      if (metrics != null) {
        builder.interceptor(new RequestTiming(metrics::s3Request));
      }
      S3Store store = builder.build();
      if (metrics != null) {
        metrics.gauge("tus.s3.part.uploads.in.flight", "S3 part uploads running now", store::partUploadsInFlight);
      }
      store.checkReady();
      if (maxSize == 0 || maxSize > S3Store.MAX_UPLOAD_SIZE) {
        maxSize = S3Store.MAX_UPLOAD_SIZE;
      }
      return store;
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupException("S3 bucket " + s3Bucket + ": " + e.getMessage());
    }
  }
  // ---- end of S3 store flags ----

  // ===== hooks (issue 6): tusd's -hooks-* flags, plus -hooks-file-timeout, -hooks-http-signing-key, -hooks-outbox-dir
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
      description = "Where post-finish events are recorded until delivered (default: the upload directory; with "
          + "S3, java.io.tmpdir/tus-hooks-outbox — put it on a persistent volume to survive pod replacement).")
  Path hooksOutboxDir;

  @Option(names = {"-progress-hooks-interval", "--progress-hooks-interval"}, paramLabel = "DURATION",
      defaultValue = "1s", converter = DurationConverter.class,
      description = "Least time between two post-receive events of one request (default: ${DEFAULT-VALUE}).")
  Duration progressHooksInterval;
  // ===== end hooks

  @Option(names = {"-version", "--version"}, versionHelp = true, description = "Print the version and exit.")
  boolean versionRequested;

  @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "Print this help and exit.")
  boolean helpRequested;

  @Override
  public Integer call() throws Exception {
    LogSetup.apply(logFormat, verbose);
    Running running = start();
    CountDownLatch stopped = new CountDownLatch(1);
    ShutdownSignals.onTerminate(() -> {
      try {
        running.shutdown();
      } finally {
        stopped.countDown();
      }
    });
    stopped.await();
    return 0;
  }

  /** Builds and starts everything the flags describe; the caller stops it with {@link Running#shutdown()}. */
  Running start() throws IOException {
    validate();
    SSLContext sslContext = loadTls();
    TusMetrics metrics = exposeMetrics ? new TusMetrics() : null;
    UploadStore rawStore;
    Path storeDir = null;
    if (s3Bucket != null && !s3Bucket.isBlank()) {
      rawStore = s3Store(metrics);
    } else {
      try {
        FileStore fileStore = new FileStore(uploadDir, fsync);
        storeDir = fileStore.directory();
        rawStore = fileStore;
      } catch (IOException e) {
        throw new StartupException(e.getMessage());
      }
    }
    String storeDescription = storeDir != null ? storeDir.toString() : "s3://" + s3Bucket + "/" + s3ObjectPrefix;
    Locker lockerImpl = locker == LockerType.file && storeDir != null ? new FileLocker(storeDir)
        : new MemoryLocker();
    UploadStore store = metrics != null ? metrics.instrument(rawStore) : rawStore;
    Locker instrumentedLocker = metrics != null ? metrics.instrument(lockerImpl) : lockerImpl;
    TusHandler.Builder tus = TusHandler.builder()
        .store(store)
        .locker(instrumentedLocker)
        .basePath(basePath)
        .maxSize(maxSize)
        .storeSize(storeSize)
        .expiration(expiration)
        .download(!disableDownload)
        .termination(!disableTermination)
        .concatenation(!disableConcatenation)
        .acquireLockTimeout(acquireLockTimeout)
        .behindProxy(behindProxy);
    if (metrics != null) {
      tus.listener(metrics.listener());
    }
    HookDispatcher hooks = startHooks(metrics, storeDir != null ? storeDir
        : Path.of(System.getProperty("java.io.tmpdir"), "tus-hooks-outbox"));
    if (hooks != null) {
      tus.hooks(hooks);
    }
    TusHandler handler = tus.build();
    HttpHandler chain = handler;
    if (!disableCors) {
      chain = new CorsHandler(chain, corsSettings());
    }
    if (metrics != null) {
      chain = metrics.requests(chain);
    }
    TusServer.Builder serverBuilder = TusServer.builder()
        .host(host)
        .port(port)
        .networkTimeout(networkTimeout)
        .shutdownTimeout(shutdownTimeout)
        .readiness(store::checkReady)
        .onShutdownTimeout(handler::interruptUploads)
        .handler(chain);
    if (sslContext != null) {
      serverBuilder.tls(sslContext, TlsMode.parse(tlsMode));
    }
    if (metrics != null) {
      if (metricsPort >= 0) {
        serverBuilder.metricsListener(metricsPort, metricsPath, metrics.scrapeHandler());
      } else {
        serverBuilder.route(metricsPath, metrics.scrapeHandler());
      }
    }
    TusServer server;
    try {
      server = serverBuilder.start();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StartupException("cannot listen on " + host + ":" + port + ": " + cause.getMessage());
    }
    if (metrics != null) {
      metrics.connectionsOpen(server::openConnections);
    }
    String scheme = sslContext != null ? "https" : "http";
    LOG.info("tus-server {} listening on {}://{}:{}{} | store: {} {} | locker: {} | max size: {} | store size: {} "
            + "| expiration: {} | metrics: {} | extensions: {}",
        Version.current(), scheme, host, server.port(), handler.config().basePath(), rawStore.type(),
        storeDescription, lockerImpl.type(), maxSize == 0 ? "unlimited" : maxSize,
        storeSize == 0 ? "unlimited" : storeSize, expiration.isZero() ? "never" : expiration,
        metrics == null ? "off" : (metricsPort >= 0 ? "port " + server.metricsPort() : "") + metricsPath,
        String.join(",", handler.extensions()));
    return new Running(server, handler, metrics, lockerImpl, store, shutdownTimeout);
  }

  /** The hook system the -hooks-* flags describe, started; null when no transport is configured. */
  private HookDispatcher startHooks(TusMetrics metrics, Path uploadDirectory) throws IOException {
    if (hooksDir == null && (hooksHttp == null || hooksHttp.isBlank())) {
      return null;
    }
    Set<HookType> enabled;
    try {
      enabled = HookType.parseList(hooksEnabledEvents);
    } catch (IllegalArgumentException e) {
      throw invalid("-hooks-enabled-events: " + e.getMessage());
    }
    URI url = null;
    if (hooksHttp != null && !hooksHttp.isBlank()) {
      try {
        url = new URI(hooksHttp.trim());
      } catch (URISyntaxException e) {
        throw invalid("-hooks-http is not a URL: " + e.getMessage());
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw invalid("-hooks-http must be an http:// or https:// URL");
      }
    }
    if (hooksDir != null && !Files.isDirectory(hooksDir)) {
      throw new StartupException("hooks directory " + hooksDir + " does not exist");
    }
    if (hooksHttpRetry < 0 || hooksHttpTimeout.isZero() || hooksFileTimeout.isZero()) {
      throw invalid("-hooks-http-retry must not be negative; hook timeouts must be positive");
    }
    byte[] key = hooksHttpSigningKey == null || hooksHttpSigningKey.isBlank() ? null
        : hooksHttpSigningKey.strip().getBytes(StandardCharsets.UTF_8);
    List<String> forward = Arrays.stream(hooksHttpForwardHeaders.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    HookSettings settings = new HookSettings(enabled, hooksDir, hooksFileTimeout, url, hooksHttpRetry,
        hooksHttpBackoff, hooksHttpTimeout, forward, hooksHttpSizeLimit, key, progressHooksInterval,
        hooksOutboxDir != null ? hooksOutboxDir : uploadDirectory);
    HookDispatcher dispatcher = HookDispatcher.start(settings, metrics == null ? null : metrics.registry());
    LOG.info("hooks: {} | file: {} | http: {}{} | post-finish outbox: {}", hooksEnabledEvents,
        hooksDir == null ? "off" : hooksDir, url == null ? "off" : url, key == null ? "" : " (signed)",
        settings.outboxDir());
    return dispatcher;
  }

  private SSLContext loadTls() {
    if (tlsCertificate == null && tlsKey == null) {
      return null;
    }
    if (tlsCertificate == null || tlsKey == null) {
      throw invalid("-tls-certificate and -tls-key go together");
    }
    try {
      TlsMode.parse(tlsMode);
      return PemTls.load(tlsCertificate, tlsKey);
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private CorsHandler.Settings corsSettings() {
    Pattern origin;
    try {
      origin = Pattern.compile(corsAllowOrigin);
    } catch (PatternSyntaxException e) {
      throw invalid("-cors-allow-origin is not a valid regular expression: " + e.getDescription());
    }
    return new CorsHandler.Settings(origin, corsAllowCredentials, corsAllowMethods,
        append(CorsHandler.DEFAULT_ALLOW_HEADERS, corsAllowHeaders),
        append(CorsHandler.DEFAULT_EXPOSE_HEADERS, corsExposeHeaders), Duration.ofSeconds(corsMaxAge));
  }

  private static String append(String defaults, String extra) {
    return extra == null || extra.isBlank() ? defaults : defaults + ", " + extra.trim();
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      LOG.warn("closing {} failed: {}", closeable, e.toString());
    }
  }

  private void validate() {
    if (port < 0 || port > 65535) {
      throw invalid("-port must be between 0 and 65535, got " + port);
    }
    if (!basePath.matches("/?([A-Za-z0-9._~-]+/?)*")) {
      throw invalid("-base-path must be made of URL-safe path segments, got '" + basePath + "'");
    }
    if (acquireLockTimeout.isZero()) {
      throw invalid("-acquire-lock-timeout must be positive");
    }
    if (networkTimeout.isZero()) {
      throw invalid("-network-timeout must be positive");
    }
    if (metricsPort > 65535 || metricsPort < -1) {
      throw invalid("-metrics-port must be between 0 and 65535, got " + metricsPort);
    }
    if (!metricsPath.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw invalid("-metrics-path must be an absolute path, got '" + metricsPath + "'");
    }
    if (corsMaxAge < 0) {
      throw invalid("-cors-max-age must not be negative");
    }
    try {
      TlsMode.parse(tlsMode);
    } catch (IllegalArgumentException e) {
      throw invalid("-tls-mode: " + e.getMessage());
    }
  }
  /** A bad flag value: reported like picocli's own parse errors (one line, exit status 2). */
  private ParameterException invalid(String message) {
    return new ParameterException(spec.commandLine(), message);
  }


  /** A started server and what it owns. */
  static final class Running {
    final TusServer server;
    final TusHandler handler;
    final TusMetrics metrics;
    private final Locker locker;
    private final UploadStore store;
    private final Duration shutdownTimeout;

    Running(TusServer server, TusHandler handler, TusMetrics metrics, Locker locker, UploadStore store,
        Duration shutdownTimeout) {
      this.server = server;
      this.handler = handler;
      this.metrics = metrics;
      this.locker = locker;
      this.store = store;
      this.shutdownTimeout = shutdownTimeout;
    }

    /** Graceful shutdown: drain, stop what outlives the timeout, release locks, close the store. */
    void shutdown() {
      LOG.info("shutting down: draining requests for up to {}", shutdownTimeout);
      try {
        boolean clean = server.shutdown();
        LOG.info(clean ? "all requests ended; bye" : "stopped the requests still running; bye");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        handler.close();
        closeQuietly(locker);
        closeQuietly(store);
      }
    }
  }

  /** A start-up failure reported as one line, without a stack trace. */
  static final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
      super(message, null, false, false);
    }
  }
}
