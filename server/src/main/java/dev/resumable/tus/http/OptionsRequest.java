package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;

/** OPTIONS: the server's capabilities. {@code Tus-Resumable} of the request is ignored, as the protocol requires. */
final class OptionsRequest {
  private final TusContext context;
  private final String extensions;

  OptionsRequest(TusContext context) {
    this.context = context;
    this.extensions = String.join(",", context.extensions());
  }

  void handle(HttpServerExchange exchange) throws java.io.IOException {
    var headers = exchange.getResponseHeaders();
    headers.put(TusHeaders.TUS_VERSION, TusHeaders.VERSION);
    headers.put(TusHeaders.TUS_EXTENSION, extensions);
    if (context.config.maxSize() > 0) {
      headers.put(TusHeaders.TUS_MAX_SIZE, context.config.maxSize());
    }
    headers.put(TusHeaders.TUS_CHECKSUM_ALGORITHM, ChecksumAlgorithm.ADVERTISED);
    Responses.empty(exchange, 204);
  }
}
