package dev.resumable.tus.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes probes. Liveness: the process serves requests. Readiness: not draining, and the store answers (the
 * check runs on a worker thread; its failure message is logged, the response only says what failed).
 */
public final class Probes {
  private static final Logger LOG = LoggerFactory.getLogger(Probes.class);

  /** A readiness check; throws when the dependency it checks is unavailable. */
  @FunctionalInterface
  public interface Check {
    void check() throws IOException;
  }

  private final Check readiness;
  private volatile boolean draining;

  Probes(Check readiness) {
    this.readiness = readiness;
  }

  void drain() {
    draining = true;
  }

  void liveness(HttpServerExchange exchange) {
    respond(exchange, 200, "ok");
  }

  void readiness(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this::readiness);
      return;
    }
    if (draining) {
      respond(exchange, 503, "draining");
      return;
    }
    try {
      readiness.check();
      respond(exchange, 200, "ready");
    } catch (IOException | RuntimeException e) {
      LOG.warn("readiness check failed: {}", e.getMessage());
      respond(exchange, 503, "store unavailable");
    }
  }

  private static void respond(HttpServerExchange exchange, int status, String text) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(text + "\n");
  }
}
