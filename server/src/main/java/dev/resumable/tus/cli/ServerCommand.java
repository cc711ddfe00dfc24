package dev.resumable.tus.cli;

import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.lock.memory.MemoryLocker;
import dev.resumable.tus.server.TusServer;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.store.file.FileStore;
import dev.resumable.tus.store.s3.S3Store;
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

  /** The S3 store the -s3-* flags describe. */
  private UploadStore s3Store() {
    try {
      S3Store store = S3Store.builder().bucket(s3Bucket).objectPrefix(s3ObjectPrefix).endpoint(s3Endpoint)
          .region(s3Region).partSize(s3PartSize).minPartSize(s3MinPartSize).maxBufferedParts(s3MaxBufferedParts)
          .concurrentPartUploads(s3ConcurrentPartUploads).disableContentHashes(s3DisableContentHashes)
          .disableSsl(s3DisableSsl).equalPartSize(s3EqualPartSize).build();
      store.checkReady();
      if (maxSize == 0 || maxSize > S3Store.MAX_UPLOAD_SIZE) {
        maxSize = S3Store.MAX_UPLOAD_SIZE;
      }
      return store;
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new StartupException("S3 bucket " + s3Bucket + ": " + e.getMessage());
    }
  }
  // ---- end of S3 store flags ----

  @Option(names = {"-version", "--version"}, versionHelp = true, description = "Print the version and exit.")
  boolean versionRequested;

  @Option(names = {"-help", "--help", "-h"}, usageHelp = true, description = "Print this help and exit.")
  boolean helpRequested;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    validate();
    UploadStore store;
    Path storeDir = null;
    if (s3Bucket != null && !s3Bucket.isBlank()) {
      store = s3Store();
    } else {
      try {
        FileStore fileStore = new FileStore(uploadDir, fsync);
        storeDir = fileStore.directory();
        store = fileStore;
      } catch (java.io.IOException e) {
        throw new StartupException(e.getMessage());
      }
    }
    Locker lockerImpl = locker == LockerType.file && storeDir != null ? new FileLocker(storeDir)
        : new MemoryLocker();
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
        Version.current(), host, server.port(), handler.config().basePath(), store.type(),
        storeDir != null ? storeDir : "s3://" + s3Bucket + "/" + s3ObjectPrefix,
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
