package dev.resumable.tus.hooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP hooks: each event is a {@code POST} of the request JSON to one URL; a 2xx answer acknowledges it and its
 * {@code application/json} body is the response. Failures that may pass (network errors, timeouts, 5xx, 429) are
 * retried {@code retry} times, waiting {@code backoff}, then twice that, and so on. Requests carry
 * {@code Idempotency-Key} on asynchronous events, the configured client headers, and {@code Tus-Signature} when a
 * signing key is set ({@link HookSigner}).
 */
public final class HttpHookTransport implements HookTransport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpHookTransport.class);

  private final URI url;
  /** The URL as logs may show it: no user info, no query (either may carry a credential). */
  private final String shown;
  private final int retry;
  private final Duration backoff;
  private final Duration timeout;
  private final List<String> forwardHeaders;
  private final long sizeLimit;
  private final HookSigner signer;
  private final Clock clock;
  private final HttpClient client;

  /** An HTTP transport as the {@code -hooks-http*} flags describe it. */
  public HttpHookTransport(HookSettings settings, Clock clock) {
    this.url = settings.httpUrl();
    this.shown = redacted(url);
    this.retry = Math.max(0, settings.httpRetry());
    this.backoff = settings.httpBackoff();
    this.timeout = settings.httpTimeout();
    this.forwardHeaders = settings.forwardHeaders();
    this.sizeLimit = settings.httpSizeLimit();
    this.signer = settings.signingKey() == null ? null : new HookSigner(settings.signingKey());
    this.clock = clock;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public boolean handles(HookType type) {
    return true;
  }

  @Override
  public HookResult invoke(HookCall call) throws HookException, InterruptedException {
    HookException last = null;
    for (int attempt = 0; attempt <= retry; attempt++) {
      if (attempt > 0) {
        long wait = backoff.toMillis() << Math.min(attempt - 1, 10);
        LOG.info("{} hook for {} failed ({}); retry {} of {} in {} ms", call.type().eventName(), call.uploadId(),
            last.getMessage(), attempt, retry, wait);
        Thread.sleep(wait);
      }
      try {
        return once(call);
      } catch (HookException e) {
        last = e;
        if (!e.isRetryable()) {
          throw e;
        }
      }
    }
    throw last;
  }

  private HookResult once(HookCall call) throws HookException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Content-Type", "application/json").header("User-Agent", "tus-server-hooks")
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
    forward(call.requestHeaders(), request);
    if (call.idempotencyKey() != null) {
      request.header("Idempotency-Key", call.idempotencyKey());
    }
    if (signer != null) {
      request.header(HookSigner.HEADER, signer.sign(clock.instant().getEpochSecond(), call.body()));
    }
    HttpResponse<byte[]> response;
    CompletableFuture<HttpResponse<byte[]>> exchange =
        client.sendAsync(request.build(), BoundedBody.handler(sizeLimit));
    try {
      // bounds the whole exchange: headers and body (HttpRequest.timeout covers the headers only)
      response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HookException("no complete answer from " + shown + " within " + timeout, null, true);
    } catch (ExecutionException e) {
      throw new HookException("cannot reach " + shown + ": " + e.getCause(), null, true);
    }
    byte[] body = response.body();
    if (body.length > sizeLimit) {
      throw new HookException("the answer of " + shown + " exceeds " + sizeLimit + " bytes", null, false);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new HookException(shown + " answered " + status, parseQuietly(body), status >= 500 || status == 429);
    }
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (body.length > 0 && !type.startsWith("application/json")) {
      LOG.warn("{} answered {} with Content-Type '{}', not application/json; its body is ignored", shown, status,
          type);
      return HookResult.EMPTY;
    }
    try {
      return HookJson.response(body);
    } catch (IOException e) {
      throw new HookException(shown + " answered with invalid JSON: " + e.getMessage(), null, false);
    }
  }

  /** {@code url} without user info and query, for logs. */
  public static String redacted(URI url) {
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    return url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  private void forward(Map<String, List<String>> clientHeaders, HttpRequest.Builder request) {
    for (String name : forwardHeaders) {
      for (Map.Entry<String, List<String>> header : clientHeaders.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name)) {
          for (String value : header.getValue()) {
            try {
              request.header(header.getKey(), value);
            } catch (IllegalArgumentException e) {
              LOG.debug("header {} cannot be forwarded: {}", name, e.getMessage());
            }
          }
        }
      }
    }
  }

  private static HookResult parseQuietly(byte[] body) {
    try {
      return HookJson.response(body);
    } catch (IOException e) {
      return null;
    }
  }
}
