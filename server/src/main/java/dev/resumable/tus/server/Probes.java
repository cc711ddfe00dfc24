package dev.resumable.tus.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes probes, answered without any worker thread so they never queue behind uploads. Liveness: the process
 * serves requests (answered on the IO thread). Readiness: not draining, and the dependencies answer (store, locker):
 * the check runs on its own thread, concurrent probes share one check, and a check that takes longer than
 * {@link #CHECK_TIMEOUT_MILLIS} answers 503 at once. A failure message is logged; the response only says what failed.
 */
public final class Probes {
  private static final Logger LOG = LoggerFactory.getLogger(Probes.class);
  /** How long a readiness probe waits for its check before answering 503. */
  static final long CHECK_TIMEOUT_MILLIS = 2_000;
  private static final String SLOW = "dependency check timed out";

  /** A readiness check; throws when the dependency it checks is unavailable. */
  @FunctionalInterface
  public interface Check {
    void check() throws IOException;
  }

  private final Check readiness;
  private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "tus-readiness");
    t.setDaemon(true);
    return t;
  });
  private final AtomicReference<CompletableFuture<String>> inFlight = new AtomicReference<>();
  private volatile boolean draining;
  /** The outcome of the latest completed check, and when the latest check started (System.nanoTime). */
  private volatile boolean lastCheckPassed;
  private volatile long lastCheckStarted;

  Probes(Check readiness) {
    this.readiness = readiness;
  }

  void drain() {
    draining = true;
  }

  void close() {
    checker.shutdownNow();
  }

  /**
   * What {@code /readyz} answers, without waiting (for a metrics gauge read on an I/O thread): false while draining
   * or while a check runs longer than {@link #CHECK_TIMEOUT_MILLIS}, else the outcome of the latest completed check
   * (false before the first). Starts a new check when the latest started over a second ago, so that reading it keeps
   * it current even when no probe comes.
   */
  boolean ready() {
    if (draining) {
      return false;
    }
    CompletableFuture<String> running = inFlight.get();
    long age = System.nanoTime() - lastCheckStarted;
    if (running == null || (running.isDone() && age > TimeUnit.SECONDS.toNanos(1))) {
      check();
    } else if (!running.isDone() && age > TimeUnit.MILLISECONDS.toNanos(CHECK_TIMEOUT_MILLIS)) {
      return false;
    }
    return lastCheckPassed;
  }

  void liveness(HttpServerExchange exchange) {
    respond(exchange, 200, "ok");
  }

  void readiness(HttpServerExchange exchange) {
    if (draining) {
      respond(exchange, 503, "draining");
      return;
    }
    CompletableFuture<String> answer = check().copy().completeOnTimeout(SLOW, CHECK_TIMEOUT_MILLIS,
        TimeUnit.MILLISECONDS);
    if (answer.isDone()) {
      respond(exchange, answer.join());
      return;
    }
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> answer.thenAccept(failure -> respond(exchange, failure)));
  }

  private void respond(HttpServerExchange exchange, String failure) {
    if (draining) {
      respond(exchange, 503, "draining");
    } else if (failure == null) {
      respond(exchange, 200, "ready");
    } else {
      respond(exchange, 503, failure);
    }
  }

  /** The running check, or a new one: its result is null when ready, else what to answer. */
  private CompletableFuture<String> check() {
    while (true) {
      CompletableFuture<String> running = inFlight.get();
      if (running != null && !running.isDone()) {
        return running;
      }
      CompletableFuture<String> fresh = new CompletableFuture<>();
      if (!inFlight.compareAndSet(running, fresh)) {
        continue;
      }
      lastCheckStarted = System.nanoTime();
      try {
        checker.execute(() -> {
          try {
            readiness.check();
            lastCheckPassed = true;
            fresh.complete(null);
          } catch (IOException | RuntimeException e) {
            LOG.warn("readiness check failed: {}", e.getMessage());
            lastCheckPassed = false;
            fresh.complete("store or locker unavailable");
          }
        });
      } catch (RuntimeException e) {
        fresh.complete("shutting down");
      }
      return fresh;
    }
  }

  private static void respond(HttpServerExchange exchange, int status, String text) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(text + "\n");
  }
}
