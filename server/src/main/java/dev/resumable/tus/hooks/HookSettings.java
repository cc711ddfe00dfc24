package dev.resumable.tus.hooks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How hooks are configured (the {@code -hooks-*} flags). {@link #toString()} never shows the signing key.
 *
 * @param enabled the events that run hooks
 * @param dir the file hooks directory, or null for no file hooks
 * @param fileTimeout how long a file hook may run before it is killed
 * @param httpUrl the HTTP hooks endpoint, or null for no HTTP hooks
 * @param httpRetry retries of a failed HTTP hook call
 * @param httpBackoff the wait before the first retry (doubled for each further one)
 * @param httpTimeout the time limit of one HTTP hook call
 * @param forwardHeaders client request headers copied onto HTTP hook requests
 * @param httpSizeLimit the largest HTTP hook response body accepted, in bytes
 * @param signingKey the HMAC-SHA256 key signing HTTP hook requests, or null for unsigned requests
 * @param progressInterval the least time between two post-receive events of one request
 * @param outboxDir where post-finish events are recorded until delivered, or null for no durability
 */
public record HookSettings(
    Set<HookType> enabled,
    Path dir,
    Duration fileTimeout,
    URI httpUrl,
    int httpRetry,
    Duration httpBackoff,
    Duration httpTimeout,
    List<String> forwardHeaders,
    long httpSizeLimit,
    byte[] signingKey,
    Duration progressInterval,
    Path outboxDir) {

  /** Copies the collections. */
  public HookSettings {
    enabled = Set.copyOf(enabled);
    forwardHeaders = List.copyOf(forwardHeaders);
    signingKey = signingKey == null ? null : signingKey.clone();
  }

  /** True when at least one transport is configured. */
  public boolean any() {
    return dir != null || httpUrl != null;
  }

  @Override
  public String toString() {
    return "HookSettings{enabled=" + enabled + ", dir=" + dir + ", httpUrl=" + httpUrl + ", signed="
        + (signingKey != null) + ", outboxDir=" + outboxDir + "}";
  }
}
