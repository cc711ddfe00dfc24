package dev.resumable.tus.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.HashMap;
import java.util.Map;

/** Sends a few exact paths to their handlers and everything else to a fallback. */
final class ExactPathRouter implements HttpHandler {
  private final Map<String, HttpHandler> routes = new HashMap<>();
  private final HttpHandler fallback;

  ExactPathRouter(HttpHandler fallback) {
    this.fallback = fallback;
  }

  void add(String path, HttpHandler handler) {
    routes.put(path, handler);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HttpHandler handler = routes.get(exchange.getRequestPath());
    (handler != null ? handler : fallback).handleRequest(exchange);
  }
}
