package dev.resumable.tus.http;

import java.time.Duration;

/**
 * Protocol settings of a {@link TusHandler}; built by {@link TusHandler.Builder}.
 *
 * @param basePath the path uploads live under, starting and ending with {@code /}
 * @param maxSize the largest upload accepted, in bytes; 0 for no limit
 * @param storeSize the total of declared upload lengths the store may hold; 0 for no limit
 * @param expiration how long an unfinished upload lives after its last change; zero for never
 * @param downloadEnabled whether GET serves finished uploads
 * @param terminationEnabled whether DELETE terminates uploads
 * @param concatenationEnabled whether the concatenation extension is offered
 * @param acquireLockTimeout how long a request waits for an upload's lock
 * @param stallTimeout how long a request holding an upload's lock may receive nothing before a waiting request may
 *     take the upload over
 * @param behindProxy whether upload URLs follow {@code X-Forwarded-*} and {@code Forwarded} request headers
 */
public record TusConfig(
    String basePath,
    long maxSize,
    long storeSize,
    Duration expiration,
    boolean downloadEnabled,
    boolean terminationEnabled,
    boolean concatenationEnabled,
    Duration acquireLockTimeout,
    Duration stallTimeout,
    boolean behindProxy) {

  /** Validates and normalises (the base path gets its slashes). */
  public TusConfig {
    if (basePath == null || basePath.isBlank()) {
      basePath = "/";
    }
    if (!basePath.startsWith("/")) {
      basePath = "/" + basePath;
    }
    if (!basePath.endsWith("/")) {
      basePath = basePath + "/";
    }
    if (!basePath.matches("/([A-Za-z0-9._~-]+/)*")) {
      throw new IllegalArgumentException("base path must be made of URL-safe segments: " + basePath);
    }
    if (maxSize < 0 || storeSize < 0) {
      throw new IllegalArgumentException("sizes must not be negative");
    }
    if (expiration.isNegative() || acquireLockTimeout.isNegative() || stallTimeout.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }
}
