package dev.resumable.tus.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HttpString;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every tus request by method ({@code tusd_requests_total}), every error response by status and tusd error
 * code ({@code tusd_errors_total}), times requests ({@code tus_request_duration_seconds}) and tracks requests that
 * write into an upload ({@code tus_uploads_active}). The method is the effective one, after
 * {@code X-HTTP-Method-Override}. The counters of the tus methods and of the statuses tus answers exist at zero
 * before the first request. The duration runs to the moment the response is committed (its headers, for a
 * download the time to the first byte).
 */
final class RequestMetricsHandler implements HttpHandler {
  private static final HttpString OVERRIDE = new HttpString("X-HTTP-Method-Override");
  private static final String OTHER = "OTHER";
  private static final Set<String> METHODS = Set.of("OPTIONS", "HEAD", "POST", "PATCH", "GET", "DELETE", OTHER);
  private static final Map<Integer, String> CODES = Map.ofEntries(
      Map.entry(400, "ERR_BAD_REQUEST"), Map.entry(403, "ERR_MODIFY_FINAL"),
      Map.entry(404, "ERR_UPLOAD_NOT_FOUND"), Map.entry(405, "ERR_METHOD_NOT_ALLOWED"),
      Map.entry(409, "ERR_MISMATCHED_OFFSET"), Map.entry(410, "ERR_UPLOAD_EXPIRED"),
      Map.entry(412, "ERR_UNSUPPORTED_VERSION"), Map.entry(413, "ERR_MAX_SIZE_EXCEEDED"),
      Map.entry(415, "ERR_INVALID_CONTENT_TYPE"), Map.entry(416, "ERR_RANGE_NOT_SATISFIABLE"),
      Map.entry(423, "ERR_UPLOAD_LOCKED"), Map.entry(431, "ERR_HEADERS_TOO_LARGE"),
      Map.entry(460, "ERR_CHECKSUM_MISMATCH"), Map.entry(500, "ERR_INTERNAL_SERVER_ERROR"),
      Map.entry(503, "ERR_SHUTTING_DOWN"));

  private final HttpHandler next;
  private final MeterRegistry registry;
  private final AtomicLong active;
  /** The meters of each method (the tus methods and {@code OTHER}), found once: no registry look-up per request. */
  private final Map<String, MethodMeters> methods = new HashMap<>();
  /** The error counter of each status answered so far, found once. */
  private final Map<Integer, Counter> errorCounters = new ConcurrentHashMap<>();

  RequestMetricsHandler(HttpHandler next, MeterRegistry registry, AtomicLong active) {
    this.next = next;
    this.registry = registry;
    this.active = active;
    // at zero from the start, so that rate() and ratios see the first request and the first error of each kind
    for (String method : METHODS) {
      methods.put(method, new MethodMeters(method));
    }
    CODES.keySet().forEach(this::errors);
  }

  /**
   * A method's request counter (registered at start) and latency timer (registered at its first request, so the
   * exposition shows a method's latency only once it was requested).
   */
  private final class MethodMeters {
    private final String method;
    private final Counter requests;
    private volatile Timer duration;

    MethodMeters(String method) {
      this.method = method;
      this.requests = Counter.builder("tusd.requests").tag("method", method).description("Requests by method")
          .register(registry);
    }

    Timer duration() {
      Timer timer = duration;
      if (timer == null) {
        // racing threads register the same meter: the registry answers both with one instance
        timer = Timer.builder("tus.request.duration").tag("method", method).description("Request latency")
            .serviceLevelObjectives(TusMetrics.LATENCY_BUCKETS).register(registry);
        duration = timer;
      }
      return timer;
    }
  }

  private Counter errors(int status) {
    return errorCounters.computeIfAbsent(status, this::registerErrors);
  }

  private Counter registerErrors(int status) {
    return Counter.builder("tusd.errors").tag("status", String.valueOf(status))
        .tag("code", CODES.getOrDefault(status, "ERR_HTTP_" + status)).description("Error responses")
        .register(registry);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    MethodMeters meters = methods.get(methodOf(exchange));
    boolean writing = meters.method.equals("PATCH")
        || (meters.method.equals("POST") && exchange.getRequestContentLength() != 0);
    if (writing) {
      active.incrementAndGet();
    }
    // counted as the response is committed, before its first byte leaves: a client that has its answer finds it
    // in the next scrape; a request that ends without a response (the client vanished) is counted at completion
    Recording recording = new Recording(meters, writing, start);
    exchange.addResponseCommitListener(recording);
    exchange.addExchangeCompleteListener(recording);
    next.handleRequest(exchange);
  }

  /** Counts one request once: when its response is committed, or when it completes without one. */
  private final class Recording extends AtomicBoolean implements ResponseCommitListener, ExchangeCompletionListener {
    private final MethodMeters meters;
    private final boolean writing;
    private final long start;

    Recording(MethodMeters meters, boolean writing, long start) {
      this.meters = meters;
      this.writing = writing;
      this.start = start;
    }

    @Override
    public void beforeCommit(HttpServerExchange exchange) {
      count(exchange);
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
      try {
        count(exchange);
      } finally {
        nextListener.proceed();
      }
    }

    private void count(HttpServerExchange exchange) {
      if (!compareAndSet(false, true)) {
        return;
      }
      if (writing) {
        active.decrementAndGet();
      }
      meters.requests.increment();
      int status = exchange.getStatusCode();
      if (status >= 400) {
        errors(status).increment();
      }
      meters.duration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private static String methodOf(HttpServerExchange exchange) {
    String override = exchange.getRequestHeaders().getFirst(OVERRIDE);
    String method = override != null ? override.trim().toUpperCase(Locale.ROOT)
        : exchange.getRequestMethod().toString();
    return METHODS.contains(method) ? method : OTHER;
  }
}
