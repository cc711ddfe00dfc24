package dev.resumable.tus.store.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Settings of an {@link S3Store}, with tusd's defaults: 50 MiB preferred parts, 5 MiB minimum, 20 buffered parts,
 * 10 concurrent part uploads. Credentials and (unless set) the region come from the AWS default chains: environment,
 * profile, web identity (IRSA), container and instance roles.
 */
public final class S3StoreBuilder {
  private String bucket;
  private String objectPrefix = "";
  private String endpoint;
  private String region;
  private long partSize = 50L << 20;
  private long minPartSize = 5L << 20;
  private int maxParts = PartSizing.MAX_PARTS;
  private int maxBufferedParts = 20;
  private int concurrentPartUploads = 10;
  private boolean disableContentHashes;
  private boolean disableSsl;
  private boolean equalPartSize;
  private Path tempDir;
  private long maxTempBytes = 4L << 30;
  /** Connections for GET downloads, apart from the store's own pool. */
  private static final int DOWNLOAD_CONNECTIONS = 64;
  private AwsCredentialsProvider credentials;
  private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

  S3StoreBuilder() {
  }

  /** The bucket (required). */
  public S3StoreBuilder bucket(String value) {
    this.bucket = value;
    return this;
  }

  /** Prefix of every object key, e.g. {@code uploads/}; empty by default. */
  public S3StoreBuilder objectPrefix(String value) {
    this.objectPrefix = value == null ? "" : value;
    return this;
  }

  /** An S3-compatible endpoint (MinIO, Ceph, R2, …); forces path-style addressing. Null for AWS. */
  public S3StoreBuilder endpoint(String value) {
    this.endpoint = value == null || value.isBlank() ? null : value.trim();
    return this;
  }

  /** An S3-compatible endpoint as a URI. */
  public S3StoreBuilder endpoint(URI value) {
    return endpoint(value == null ? null : value.toString());
  }

  /** The region; null for the AWS default region chain ({@code us-east-1} with a custom endpoint and none set). */
  public S3StoreBuilder region(String value) {
    this.region = value == null || value.isBlank() ? null : value;
    return this;
  }

  /** Preferred part size (default 50 MiB). */
  public S3StoreBuilder partSize(long value) {
    this.partSize = value;
    return this;
  }

  /** Smallest part S3 accepts but for the last (default 5 MiB); smaller tails wait in the {@code .part} object. */
  public S3StoreBuilder minPartSize(long value) {
    this.minPartSize = value;
    return this;
  }

  /** Most part numbers an upload may use (S3: 10,000); lower only to test the limit. */
  S3StoreBuilder maxParts(int value) {
    this.maxParts = value;
    return this;
  }

  /** Part files of one PATCH that may wait on local disk for their upload (default 20). */
  public S3StoreBuilder maxBufferedParts(int value) {
    this.maxBufferedParts = value;
    return this;
  }

  /** Part uploads running at once across all uploads (default 10). */
  public S3StoreBuilder concurrentPartUploads(int value) {
    this.concurrentPartUploads = value;
    return this;
  }

  /** Send no content checksums (CRC32/MD5) with requests and do not validate them on responses. */
  public S3StoreBuilder disableContentHashes(boolean value) {
    this.disableContentHashes = value;
    return this;
  }

  /** Speak plain HTTP to an endpoint given without a scheme (and to AWS). */
  public S3StoreBuilder disableSsl(boolean value) {
    this.disableSsl = value;
    return this;
  }

  /** Make every part but the last the same size (Cloudflare R2 requires it). */
  public S3StoreBuilder equalPartSize(boolean value) {
    this.equalPartSize = value;
    return this;
  }

  /** Where part files are buffered; default {@code java.io.tmpdir}. */
  public S3StoreBuilder tempDir(Path value) {
    this.tempDir = value;
    return this;
  }

  /**
   * The most bytes all uploads together may buffer on temp disk (default 4 GiB): part files waiting for their
   * upload and checksummed chunks waiting for verification. A checksummed chunk that does not fit gets a
   * retryable refusal; other writes wait for their own part uploads to make room.
   */
  public S3StoreBuilder maxTempBytes(long value) {
    this.maxTempBytes = value;
    return this;
  }

  /** Fixed credentials instead of the default chain (tests, S3Proxy). */
  public S3StoreBuilder credentials(String accessKeyId, String secretAccessKey) {
    this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    return this;
  }

  /** Adds an SDK interceptor, e.g. a {@link RequestTiming} feeding request-latency metrics. */
  public S3StoreBuilder interceptor(ExecutionInterceptor value) {
    this.interceptors.add(Objects.requireNonNull(value));
    return this;
  }

  /**
   * Builds the store (no request is sent; {@link S3Store#checkReady()} probes the bucket).
   *
   * @throws IllegalArgumentException when the settings are inconsistent
   */
  public S3Store build() {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 bucket is required");
    }
    if (maxBufferedParts < 1) {
      throw new IllegalArgumentException("-s3-max-buffered-parts must be at least 1");
    }
    PartSizing sizing = new PartSizing(partSize, minPartSize, maxParts, equalPartSize);
    Path dir = tempDir != null ? tempDir : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException("temporary directory " + dir + " cannot be created: " + e.getMessage(), e);
    }
    if (maxTempBytes < partSize) {
      throw new IllegalArgumentException("the temp-disk budget (" + maxTempBytes + " bytes) must hold one part of "
          + partSize + " bytes");
    }
    S3Store.Clients clients = new S3Store.Clients(
        client(Math.max(50, concurrentPartUploads * 2 + 16), Duration.ofSeconds(60)),
        client(DOWNLOAD_CONNECTIONS, Duration.ofSeconds(60)),
        client(2, Duration.ofSeconds(5)));
    return new S3Store(clients, bucket, objectPrefix, sizing, concurrentPartUploads, maxBufferedParts, dir,
        maxTempBytes);
  }

  /**
   * One S3 client with its own connection pool. The store uses three, so no kind of call can starve another: store
   * calls and part uploads, downloads (a slow downloader holds its connection while it reads), readiness checks.
   */
  private S3Client client(int maxConnections, Duration socketTimeout) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClient(Apache5HttpClient.builder()
            .maxConnections(maxConnections)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(socketTimeout)
            .build())
        .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(o -> {
          interceptors.forEach(o::addExecutionInterceptor);
          // no S3 call may hang a request (and the upload's lock) for ever
          o.apiCallAttemptTimeout(Duration.ofMinutes(5));
        });
    Region resolved = resolveRegion();
    builder.region(resolved);
    URI target = endpointUri(resolved);
    if (target != null) {
      builder.endpointOverride(target);
    }
    if (endpoint != null) {
      builder.forcePathStyle(true);
    }
    if (disableContentHashes) {
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  private URI endpointUri(Region resolved) {
    if (endpoint == null) {
      return disableSsl ? URI.create("http://s3." + resolved.id() + ".amazonaws.com") : null;
    }
    if (!endpoint.contains("://")) {
      return URI.create((disableSsl ? "http://" : "https://") + endpoint);
    }
    return URI.create(endpoint);
  }

  private Region resolveRegion() {
    if (region != null) {
      return Region.of(region);
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      if (endpoint != null) {
        return Region.US_EAST_1;
      }
      throw new IllegalArgumentException("no AWS region: set -s3-region or AWS_REGION", e);
    }
  }
}
