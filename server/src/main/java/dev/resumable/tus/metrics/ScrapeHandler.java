package dev.resumable.tus.metrics;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.function.Supplier;

/** Serves the Prometheus text exposition format on GET. */
final class ScrapeHandler implements HttpHandler {
  private final Supplier<String> exposition;

  ScrapeHandler(Supplier<String> exposition) {
    this.exposition = exposition;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!Methods.GET.equals(exchange.getRequestMethod()) && !Methods.HEAD.equals(exchange.getRequestMethod())) {
      exchange.setStatusCode(405);
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    exchange.getResponseSender().send(exposition.get());
  }
}
