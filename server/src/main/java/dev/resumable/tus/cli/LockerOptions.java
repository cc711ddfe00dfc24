package dev.resumable.tus.cli;

import dev.resumable.tus.lock.LockEvents;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.LockerUnavailableException;
import dev.resumable.tus.lock.etcd.EtcdLocker;
import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.lock.memory.MemoryLocker;
import dev.resumable.tus.lock.redis.RedisLocker;
import dev.resumable.tus.metrics.LockMetrics;
import dev.resumable.tus.metrics.TusMetrics;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The locker's flags: {@code -locker} (memory, file, redis, etcd), Redis's {@code -redis-url}, etcd's
 * {@code -etcd-*} and the lease time-to-live of both. Owns the factory of the locker they describe.
 */
final class LockerOptions {
  private static final Logger LOG = LoggerFactory.getLogger(LockerOptions.class);
  /** How long one Redis or etcd request may take before the backend counts as down. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /** The lockers selectable with {@code -locker}. */
  enum LockerType { memory, file, redis, etcd }

  @Option(names = {"-locker", "--locker"}, paramLabel = "TYPE", defaultValue = "file",
      description = "Upload locker: memory (one process), file (processes sharing the upload directory; with "
          + "-s3-bucket, memory is used), redis (-redis-url) or etcd (-etcd-endpoints) for several replicas "
          + "(default: ${DEFAULT-VALUE}).")
  LockerType locker;

  @Option(names = {"-redis-url", "--redis-url"}, paramLabel = "URL",
      description = "Redis of -locker redis: redis://[user:password@]host:port/db, rediss:// for TLS.")
  String redisUrl;

  @Option(names = {"-etcd-endpoints", "--etcd-endpoints"}, paramLabel = "URLS",
      description = "etcd of -locker etcd: comma-separated endpoints, e.g. http://etcd-0:2379,http://etcd-1:2379 "
          + "(https:// for TLS).")
  String etcdEndpoints;

  @Option(names = {"-etcd-user", "--etcd-user"}, paramLabel = "USER", description = "etcd user name.")
  String etcdUser;

  @Option(names = {"-etcd-password", "--etcd-password"}, paramLabel = "PASSWORD",
      description = "etcd password (better: TUS_ETCD_PASSWORD_FILE).")
  String etcdPassword;

  @Option(names = {"-etcd-ca-file", "--etcd-ca-file"}, paramLabel = "FILE",
      description = "PEM CA bundle trusted for https:// etcd endpoints (default: the JVM's trust store).")
  Path etcdCaFile;

  @Option(names = {"-etcd-cert-file", "--etcd-cert-file"}, paramLabel = "FILE",
      description = "PEM client certificate for etcd (with -etcd-key-file).")
  Path etcdCertFile;

  @Option(names = {"-etcd-key-file", "--etcd-key-file"}, paramLabel = "FILE",
      description = "PEM (PKCS#8) private key of -etcd-cert-file.")
  Path etcdKeyFile;

  @Option(names = {"-lock-ttl", "--lock-ttl"}, paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Lease time-to-live of the redis and etcd lockers: the longest a crashed replica keeps an "
          + "upload locked (default: ${DEFAULT-VALUE}).")
  Duration lockTtl;

  /** Whether the locker is shared by replicas through a lock service (redis, etcd), not just a directory or memory. */
  boolean isDistributed() {
    return locker == LockerType.redis || locker == LockerType.etcd;
  }

  /** Refuses inconsistent flags before anything starts. */
  void validate() {
    if (locker == LockerType.redis && blank(redisUrl)) {
      throw new FlagException("-locker redis needs -redis-url");
    }
    if (locker == LockerType.etcd && blank(etcdEndpoints)) {
      throw new FlagException("-locker etcd needs -etcd-endpoints");
    }
    if (locker != LockerType.redis && !blank(redisUrl)) {
      throw new FlagException("-redis-url is set but -locker is " + locker + " (add -locker redis)");
    }
    if (locker != LockerType.etcd && !blank(etcdEndpoints)) {
      throw new FlagException("-etcd-endpoints is set but -locker is " + locker + " (add -locker etcd)");
    }
    if (lockTtl.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new FlagException("-lock-ttl must be at least 2s");
    }
    if ((etcdCertFile == null) != (etcdKeyFile == null)) {
      throw new FlagException("-etcd-cert-file and -etcd-key-file go together");
    }
    if (locker == LockerType.redis) {
      try {
        RedisLocker.describe(redisUrl);
      } catch (IllegalArgumentException e) {
        throw new FlagException("-redis-url: " + e.getMessage());
      }
    }
    if (locker == LockerType.etcd) {
      endpoints();
    }
  }

  /**
   * The locker the flags describe, reporting to {@code metrics} when given.
   *
   * @param storeDir the file store's directory, or null for other stores (the file locker then falls back to memory)
   */
  Locker open(Path storeDir, TusMetrics metrics) throws IOException {
    LockerType effective = locker == LockerType.file && storeDir == null ? LockerType.memory : locker;
    LockMetrics lockMetrics = metrics != null ? new LockMetrics(metrics.registry(), effective.name()) : null;
    LockEvents events = lockMetrics != null ? lockMetrics : LockEvents.NONE;
    Locker opened;
    switch (effective) {
      case file:
        opened = new FileLocker(storeDir, Duration.ofSeconds(2), Duration.ofSeconds(30), events);
        break;
      case redis:
        try {
          opened = new RedisLocker(redisUrl, lockTtl, REQUEST_TIMEOUT, events);
        } catch (LockerUnavailableException e) {
          throw new ServerCommand.StartupException(e.getMessage());
        }
        break;
      case etcd:
        try {
          opened = new EtcdLocker(etcdClient(), lockTtl, REQUEST_TIMEOUT, events);
        } catch (LockerUnavailableException e) {
          throw new ServerCommand.StartupException(e.getMessage());
        }
        break;
      default:
        opened = new MemoryLocker(events);
        break;
    }
    if (effective == LockerType.redis || effective == LockerType.etcd) {
      LOG.info("locker: {}", describe());
    }
    return lockMetrics != null ? lockMetrics.instrument(opened) : opened;
  }

  /** Where the locker's backend is, for the greeting; never with credentials. */
  String describe() {
    if (locker == LockerType.redis) {
      return "redis " + RedisLocker.describe(redisUrl);
    }
    if (locker == LockerType.etcd) {
      return "etcd " + String.join(",", endpoints().stream().map(URI::toString).toList());
    }
    return locker.name();
  }

  private ClientBuilder etcdClient() {
    List<URI> uris = endpoints();
    ClientBuilder builder = Client.builder().endpoints(uris);
    if (!blank(etcdUser)) {
      builder.user(ByteSequence.from(etcdUser, StandardCharsets.UTF_8))
          .password(ByteSequence.from(etcdPassword == null ? "" : etcdPassword, StandardCharsets.UTF_8));
    }
    boolean tls = uris.stream().anyMatch(uri -> uri.getScheme().equals("https"));
    if (tls || etcdCaFile != null || etcdCertFile != null) {
      try {
        builder.sslContext(ssl -> {
          if (etcdCaFile != null) {
            ssl.trustManager(etcdCaFile.toFile());
          }
          if (etcdCertFile != null) {
            ssl.keyManager(etcdCertFile.toFile(), etcdKeyFile.toFile());
          }
        });
      } catch (IOException | IllegalArgumentException e) {
        throw new ServerCommand.StartupException("etcd TLS files: " + e.getMessage());
      }
    }
    return builder;
  }

  /** The parsed endpoints, without user info (credentials belong in -etcd-user / -etcd-password). */
  private List<URI> endpoints() {
    List<URI> uris = new ArrayList<>();
    for (String part : etcdEndpoints.split(",")) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        URI uri = new URI(trimmed);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null || uri.getPort() < 0) {
          throw new URISyntaxException(trimmed, "expected http(s)://host:port");
        }
        uris.add(new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null));
      } catch (URISyntaxException e) {
        throw new FlagException("-etcd-endpoints: '" + (trimmed.contains("@") ? "(hidden)" : trimmed)
            + "' is not http(s)://host:port");
      }
    }
    if (uris.isEmpty()) {
      throw new FlagException("-etcd-endpoints lists no endpoint");
    }
    return uris;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
