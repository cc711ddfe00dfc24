package dev.resumable.tus.metrics;

import dev.resumable.tus.http.UploadListener;
import dev.resumable.tus.lock.LockLostException;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.store.ChecksumMismatchException;
import dev.resumable.tus.store.OffsetMismatchException;
import dev.resumable.tus.store.StoreBusyException;
import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadNotFoundException;
import dev.resumable.tus.store.UploadStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, through Micrometer.
 *
 * <p>tusd's names are kept so dashboards carry over: {@code tusd_requests_total{method}},
 * {@code tusd_errors_total{status,code}}, {@code tusd_bytes_received}, {@code tusd_uploads_created},
 * {@code tusd_uploads_finished}, {@code tusd_uploads_terminated}, {@code tusd_connections_open} (the four
 * counters tusd names without {@code _total} are rendered by {@link TusdCounters}). Beyond tusd:
 * {@code tus_request_duration_seconds{method}} histograms, {@code tus_uploads_active}, {@code tus_bytes_stored_total},
 * {@code tus_store_operation_seconds{operation,outcome}}, {@code tus_lock_wait_seconds{operation}},
 * {@code tus_ready}, and JVM / process metrics.
 *
 * <p>Series that alerts compute rates or ratios of are registered at zero before their first event: requests by
 * method and errors by status ({@code tusd_requests_total}, {@code tusd_errors_total}), and the failed store
 * operations ({@code outcome="error"}), so that {@code rate()} sees the first one (a series born with the value 1
 * has no increase to rate).
 */
public final class TusMetrics {
  static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60)};

  private static final String STORE_ERROR = "error";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TusdCounters tusd = new TusdCounters();
  private final AtomicLong uploadsActive = new AtomicLong();
  private final Counter bytesStored;

  /** A registry with JVM and process metrics bound. */
  public TusMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("tus.uploads.active", uploadsActive, AtomicLong::get)
        .description("Requests writing into an upload right now").register(registry);
    bytesStored = Counter.builder("tus.bytes.stored")
        .description("Bytes that became part of uploads (after checksum verification)").register(registry);
  }

  /** The Micrometer registry, to add meters of one's own. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Reports open connections as {@code tusd_connections_open}. */
  public void connectionsOpen(Supplier<Number> open) {
    Gauge.builder("tusd.connections.open", open, s -> s.get().doubleValue())
        .description("Open client connections").strongReference(true).register(registry);
  }

  /**
   * Reports what {@code /readyz} answers as {@code tus_ready}: 1 when ready, 0 when not (draining, or the store or
   * the locker does not answer).
   *
   * @param ready answers without blocking: it is read on the scrape's I/O thread
   */
  public void readiness(BooleanSupplier ready) {
    // read once now: the server's readiness starts its first check, so the first scrape finds its outcome
    ready.getAsBoolean();
    Gauge.builder("tus.ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 when the server is ready (what /readyz answers), else 0").strongReference(true)
        .register(registry);
  }

  /**
   * Records one request to S3 as {@code tus_s3_request_duration_seconds{operation,outcome}} (tusd reports the same as
   * {@code tusd_s3_request_duration_ms}).
   */
  public void s3Request(String operation, long nanos, boolean success) {
    Timer.builder("tus.s3.request.duration").tag("operation", operation).tag("outcome", success ? "ok" : "error")
        .description("S3 request latency").serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Registers a gauge of one's own, e.g. a store's work in flight (held strongly: lambdas are fine). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value, s -> s.get().doubleValue()).description(description).strongReference(true)
        .register(registry);
  }

  /** The upload events feeding the upload counters. */
  public UploadListener listener() {
    return new UploadListener() {
      @Override
      public void created(UploadInfo upload) {
        tusd.uploadsCreated.incrementAndGet();
      }

      @Override
      public void bodyRead(String uploadId, long bytes) {
        tusd.bytesReceived.addAndGet(bytes);
      }

      @Override
      public void received(UploadInfo upload, long bytes) {
        bytesStored.increment(bytes);
      }

      @Override
      public void finished(UploadInfo upload) {
        tusd.uploadsFinished.incrementAndGet();
      }

      @Override
      public void terminated(UploadInfo upload, boolean expired) {
        tusd.uploadsTerminated.incrementAndGet();
      }
    };
  }

  /** Wraps the tus handler to count requests, errors, latency and active uploads. */
  public HttpHandler requests(HttpHandler next) {
    return new RequestMetricsHandler(next, registry, uploadsActive);
  }

  /**
   * The store, with every SPI call timed as {@code tus_store_operation_seconds{operation,outcome}}: outcome
   * {@code ok}; {@code refused} when the store answered a typed refusal the protocol expects (not found, offset or
   * checksum mismatch, ID taken, store busy, lock lost); {@code error} for any other failure (I/O, the backend down).
   */
  public UploadStore instrument(UploadStore store) {
    // a builder per meter: a Timer.Builder is mutable, and the proxies ask for timers from many threads
    TimedProxy.Timers timers = (method, outcome) -> Timer.builder("tus.store.operation")
        .description("Store operation latency").serviceLevelObjectives(LATENCY_BUCKETS)
        .tags("operation", method, "outcome", outcome).register(registry);
    for (String method : TimedProxy.timedMethods(store, UploadStore.class)) {
      timers.timer(method, STORE_ERROR);
    }
    return TimedProxy.wrap(store, UploadStore.class, timers, TusMetrics::storeOutcome);
  }

  /** The outcome label of a store call that failed with {@code failure}. */
  static String storeOutcome(Throwable failure) {
    return failure instanceof UploadNotFoundException || failure instanceof OffsetMismatchException
        || failure instanceof ChecksumMismatchException || failure instanceof UploadIdTakenException
        || failure instanceof StoreBusyException || failure instanceof LockLostException ? "refused" : STORE_ERROR;
  }

  /** The locker, with lock acquisition timed as {@code tus_lock_wait_seconds}. */
  public Locker instrument(Locker locker) {
    return TimedProxy.wrap(locker, Locker.class,
        (method, outcome) -> switch (method) {
          case "acquire", "lock" -> lockWait("lock");
          case "tryLock" -> lockWait("tryLock");
          default -> null;
        }, failure -> TimedProxy.OK);
  }

  private Timer lockWait(String operation) {
    return Timer.builder("tus.lock.wait").description("Time spent waiting for upload locks")
        .serviceLevelObjectives(LATENCY_BUCKETS).tag("operation", operation).register(registry);
  }

  /** The handler answering Prometheus scrapes. */
  public HttpHandler scrapeHandler() {
    return new ScrapeHandler(this::scrape);
  }

  /** The current exposition text (tests, diagnostics). */
  public String scrape() {
    return registry.scrape() + tusd.render();
  }
}
