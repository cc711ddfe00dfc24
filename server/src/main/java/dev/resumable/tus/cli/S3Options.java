package dev.resumable.tus.cli;

import dev.resumable.tus.metrics.TusMetrics;
import dev.resumable.tus.store.s3.RequestTiming;
import dev.resumable.tus.store.s3.S3Store;
import dev.resumable.tus.store.s3.S3StoreBuilder;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The S3 store's flags (tusd's {@code -s3-*}); {@code -s3-bucket} switches the store from the directory to S3. */
final class S3Options {
  @Option(names = {"-s3-bucket", "--s3-bucket"}, paramLabel = "BUCKET",
      description = "Store uploads in this S3 bucket instead of -upload-dir.")
  String s3Bucket;

  @Option(names = {"-s3-object-prefix", "--s3-object-prefix"}, paramLabel = "PREFIX", defaultValue = "",
      description = "Prefix of every object key, e.g. uploads/ (a missing trailing / is added, as tusd does).")
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

  /** True when {@code -s3-bucket} selects the S3 store. */
  boolean enabled() {
    return s3Bucket != null && !s3Bucket.isBlank();
  }

  /** Where uploads go, for the greeting. */
  String describe() {
    return "s3://" + s3Bucket + "/" + s3ObjectPrefix
        + (s3ObjectPrefix.isEmpty() || s3ObjectPrefix.endsWith("/") ? "" : "/");
  }

  /** The S3 store the flags describe, reporting its requests to {@code metrics} when given; checked reachable. */
  S3Store open(TusMetrics metrics) {
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
      return store;
    } catch (IOException | IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("Unable to load credentials")) {
        message = "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, web "
            + "identity / IRSA, or an instance role)";
      }
      throw new ServerCommand.StartupException("S3 bucket " + s3Bucket + ": " + message);
    }
  }
}
