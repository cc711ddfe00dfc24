package dev.resumable.tus.server;

import io.undertow.Undertow;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Refuses requests while more connections are open than the server may hold: 503 with a one-line reason and the
 * connection closed, so a flood of slow clients cannot exhaust file descriptors and memory unannounced.
 */
final class ConnectionCap implements HttpHandler {
  private final HttpHandler next;
  private final long max;
  private volatile ConnectorStatistics statistics;

  ConnectionCap(HttpHandler next, long max) {
    this.next = next;
    this.max = max;
  }

  /** Starts counting the connections of {@code listener}. */
  void watch(Undertow.ListenerInfo listener) {
    this.statistics = listener.getConnectorStatistics();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    ConnectorStatistics counts = statistics;
    if (counts != null && counts.getActiveConnections() > max) {
      exchange.setPersistent(false);
      exchange.setStatusCode(503);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
      exchange.getResponseSender().send("too many open connections (more than " + max + "); retry later\n");
      return;
    }
    next.handleRequest(exchange);
  }
}
