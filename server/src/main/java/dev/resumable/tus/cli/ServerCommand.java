package dev.resumable.tus.cli;

import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.lock.memory.MemoryLocker;
import dev.resumable.tus.server.TusServer;
import dev.resumable.tus.store.file.FileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code tus-server} command line: tusd-compatible flag names, each accepted as {@code -flag value},
 * {@code --flag value} and {@code -flag=value}, and each also read from the environment variable
 * {@code TUS_<FLAG>} (see {@link EnvironmentDefaults}).
 */
@Command(name = "tus-server", sortOptions = false, usageHelpAutoWidth = true,
    versionProvider = Version.class,
    description = "A tus 1.0.0 resumable-upload server.%n",
    footer = {"%nEvery flag can also be set with the environment variable TUS_<FLAG> (upper case, '-' as '_'),",
        "e.g. TUS_MAX_SIZE=10GiB; TUS_<FLAG>_FILE names a file holding the value. Flags win over the environment."})
public final class ServerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  /** The lockers selectable with {@code -locker}. */
  enum LockerType { memory, file }

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
      description = "Upload locker: memory (one process) or file (processes sharing the upload directory) "
          + "(default: ${DEFAULT-VALUE}).")
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

  @Option(names = {"-version", "--version"}, versionHelp = true, description = "Print the version and exit.")
  boolean versionRequested;

  @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "Print this help and exit.")
  boolean helpRequested;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    validate();
    FileStore store;
    try {
      store = new FileStore(uploadDir, fsync);
    } catch (java.io.IOException e) {
      throw new StartupException(e.getMessage());
    }
    Locker lockerImpl = locker == LockerType.file ? new FileLocker(store.directory()) : new MemoryLocker();
    TusHandler handler = TusHandler.builder()
        .store(store)
        .locker(lockerImpl)
        .basePath(basePath)
        .maxSize(maxSize)
        .storeSize(storeSize)
        .expiration(expiration)
        .download(!disableDownload)
        .termination(!disableTermination)
        .concatenation(!disableConcatenation)
        .acquireLockTimeout(acquireLockTimeout)
        .build();
    TusServer server;
    try {
      server = TusServer.builder()
          .host(host)
          .port(port)
          .networkTimeout(networkTimeout)
          .handler(handler)
          .start();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StartupException("cannot listen on " + host + ":" + port + ": " + cause.getMessage());
    }
    LOG.info("tus-server {} listening on http://{}:{}{} | store: {} {} | locker: {} | max size: {} | "
            + "store size: {} | expiration: {} | extensions: {}",
        Version.current(), host, server.port(), handler.config().basePath(), store.type(), store.directory(),
        lockerImpl.type(), maxSize == 0 ? "unlimited" : maxSize, storeSize == 0 ? "unlimited" : storeSize,
        expiration.isZero() ? "never" : expiration, String.join(",", handler.extensions()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      server.close();
      handler.close();
      try {
        lockerImpl.close();
      } catch (java.io.IOException e) {
        LOG.warn("closing the locker failed: {}", e.toString());
      }
      stopped.countDown();
    }, "tus-shutdown"));
    stopped.await();
    return 0;
  }

  private void validate() {
    if (port < 0 || port > 65535) {
      throw new StartupException("-port must be between 0 and 65535, got " + port);
    }
    if (!basePath.matches("/?([A-Za-z0-9._~-]+/?)*")) {
      throw new StartupException("-base-path must be made of URL-safe path segments, got '" + basePath + "'");
    }
    if (acquireLockTimeout.isZero()) {
      throw new StartupException("-acquire-lock-timeout must be positive");
    }
    if (networkTimeout.isZero()) {
      throw new StartupException("-network-timeout must be positive");
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
