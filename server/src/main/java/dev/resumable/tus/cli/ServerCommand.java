package dev.resumable.tus.cli;

import dev.resumable.tus.hooks.HookDispatcher;
import dev.resumable.tus.http.CorsHandler;
import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.metrics.TusMetrics;
import dev.resumable.tus.server.TusServer;
import dev.resumable.tus.store.RecordKeeper;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.store.file.FileStore;
import dev.resumable.tus.store.azure.AzureStore;
import dev.resumable.tus.store.s3.S3Store;
import dev.resumable.tus.welcome.WelcomePage;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      description = "Total declared bytes the store may hold, counted by this process (the store's uploads at "
          + "start, then its own), so not with -locker redis or etcd; 0 for no limit (default: ${DEFAULT-VALUE}).")
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

  @Mixin
  LockerOptions lockers = new LockerOptions();

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

  @Option(names = {"-show-greeting", "--show-greeting"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Serve the welcome page, a browser upload page, at GET / (default: ${DEFAULT-VALUE}); "
          + "-show-greeting=false turns it off (GET / is then 404).")
  boolean showGreeting;

  @Mixin
  CorsOptions cors = new CorsOptions();

  @Mixin
  MetricsOptions metricsOptions = new MetricsOptions();

  @Mixin
  TlsOptions tls = new TlsOptions();

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



  @Mixin
  S3Options s3 = new S3Options();

  @Mixin
  HookOptions hooks = new HookOptions();

  @Mixin
  AzureOptions azure = new AzureOptions();

  @Mixin
  TusdOptions tusd = new TusdOptions();

  @Option(names = {"-version", "--version"}, versionHelp = true, description = "Print the version and exit.")
  boolean versionRequested;

  @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "Print this help and exit.")
  boolean helpRequested;

  @Override
  public Integer call() throws Exception {
    LogSetup.apply(logFormat, verbose);
    tusd.applyLogging();
    Running running;
    try (AutoCloseable quiet = tusd.startupLogs()) {
      running = start();
    }
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
    try {
      validate();
      return assemble();
    } catch (FlagException e) {
      throw invalid(e.getMessage());
    }
  }

  private Running assemble() throws IOException {
    SSLContext sslContext = tls.load();
    TusMetrics metrics = metricsOptions.exposeMetrics ? new TusMetrics() : null;
    UploadStore rawStore;
    Path storeDir = null;
    long effectiveMaxSize = maxSize;
    if (s3.enabled() && azure.enabled()) {
      throw new FlagException("-s3-bucket and -azure-storage exclude each other: choose one store");
    }
    if (azure.enabled()) {
      rawStore = azure.open(System.getenv(), metrics);
      if (effectiveMaxSize == 0 || effectiveMaxSize > AzureStore.MAX_UPLOAD_SIZE) {
        effectiveMaxSize = AzureStore.MAX_UPLOAD_SIZE;
      }
    } else if (s3.enabled()) {
      rawStore = s3.open(metrics);
      if (effectiveMaxSize == 0 || effectiveMaxSize > S3Store.MAX_UPLOAD_SIZE) {
        effectiveMaxSize = S3Store.MAX_UPLOAD_SIZE;
      }
    } else {
      try {
        FileStore fileStore = new FileStore(uploadDir, fsync);
        storeDir = fileStore.directory();
        rawStore = fileStore;
      } catch (IOException e) {
        throw new StartupException(e.getMessage());
      }
    }
    Locker lockerImpl = lockers.open(storeDir, metrics);
    UploadStore store = metrics != null ? metrics.instrument(rawStore) : rawStore;
    TusHandler.Builder tus = TusHandler.builder()
        .store(store)
        .locker(metrics != null ? metrics.instrument(lockerImpl) : lockerImpl)
        .basePath(basePath)
        .maxSize(effectiveMaxSize)
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
    HookDispatcher dispatcher = hooks.start(metrics, rawStore instanceof RecordKeeper keeper ? keeper : null,
        lockerImpl);
    if (dispatcher != null) {
      tus.hooks(dispatcher);
    }
    TusHandler handler = tus.build();
    HttpHandler chain = handler;
    CorsHandler.Settings corsSettings = cors.settings();
    if (corsSettings != null) {
      chain = new CorsHandler(chain, corsSettings);
    }
    if (metrics != null) {
      chain = metrics.requests(chain);
    }
    TusServer.Builder serverBuilder = TusServer.builder()
        .host(tusd.unixSock != null ? "127.0.0.1" : host)
        .port(tusd.unixSock != null ? 0 : port)
        .networkTimeout(networkTimeout)
        .shutdownTimeout(shutdownTimeout)
        .readiness(() -> {
          store.checkReady();
          lockerImpl.checkReady();
        })
        .onShutdownTimeout(handler::interruptUploads)
        .handler(chain);
    if (sslContext != null) {
      serverBuilder.tls(sslContext, tls.mode());
    } else if (tusd.enableH2c) {
      serverBuilder.h2c(true);
    }
    if (showGreeting) {
      try {
        WelcomePage.load(handler.config().basePath(), effectiveMaxSize, handler.extensions(), behindProxy)
            .routes().forEach(serverBuilder::route);
      } catch (WelcomePage.MissingPageException e) {
        throw new StartupException(e.getMessage());
      }
    }
    if (metrics != null) {
      if (metricsOptions.metricsPort >= 0) {
        serverBuilder.metricsListener(metricsOptions.metricsPort, metricsOptions.metricsPath,
            metrics.scrapeHandler());
      } else {
        serverBuilder.route(metricsOptions.metricsPath, metrics.scrapeHandler());
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
      metrics.readiness(server::ready);
    }
    java.io.Closeable unixSocket = tusd.unixSocket(server.port());
    LOG.info("tus-server {} listening on {}://{}:{}{} | store: {} {} | locker: {} | max size: {} | store size: {} "
            + "| expiration: {} | metrics: {} | extensions: {}",
        Version.current(), sslContext != null ? "https" : "http", host, server.port(), handler.config().basePath(),
        rawStore.type(), storeDir != null ? storeDir
            : rawStore instanceof AzureStore azureStore ? azureStore.describe() : s3.describe(), lockerImpl.type(),
        effectiveMaxSize == 0 ? "unlimited" : effectiveMaxSize, storeSize == 0 ? "unlimited" : storeSize,
        expiration.isZero() ? "never" : expiration, metrics == null ? "off"
            : (metricsOptions.metricsPort >= 0 ? "port " + server.metricsPort() : "") + metricsOptions.metricsPath,
        String.join(",", handler.extensions()));
    Running running = new Running(server, handler, metrics, lockerImpl, store, shutdownTimeout);
    running.unixSocket = unixSocket;
    return running;
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
    metricsOptions.validate();
    lockers.validate();
    if (storeSize > 0 && lockers.isDistributed()) {
      throw invalid("-store-size cannot be used with -locker " + lockers.locker + ": it is counted per process, so "
          + "replicas would each allow the full size; limit the storage itself instead (bucket quota, volume size) "
          + "and bound each upload with -max-size");
    }
    tls.mode();
    tusd.validate();
    if (tusd.enableH2c && tls.tlsCertificate != null) {
      throw invalid("-enable-h2c cannot be combined with -tls-certificate: HTTPS already offers HTTP/2");
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
    /** The {@code -unix-sock} listener, relaying while requests drain, then closed; or null. */
    java.io.Closeable unixSocket;

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
        if (unixSocket != null) {
          closeQuietly(unixSocket);
        }
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
