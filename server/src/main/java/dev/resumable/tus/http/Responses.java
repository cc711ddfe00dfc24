package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writing responses: the headers every tus response carries, error bodies, HTTP dates. */
final class Responses {
  private Responses() {
  }

  /** Finishes the exchange with {@code status} and a one-line text body (no body for HEAD). */
  static void error(HttpServerExchange exchange, int status, String message) throws IOException {
    if (exchange.isResponseStarted()) {
      exchange.setPersistent(false);
      return;
    }
    if (!exchange.isRequestComplete()) {
      // the body was not read: close rather than drain what may be gigabytes
      exchange.setPersistent(false);
    }
    exchange.setStatusCode(status);
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    if (Methods.HEAD.equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    try (OutputStream out = exchange.getOutputStream()) {
      out.write(body);
    }
  }

  /** Finishes the exchange with an empty body. */
  static void empty(HttpServerExchange exchange, int status) {
    exchange.setStatusCode(status);
    if (status != 204) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    }
  }

  /** An RFC 9110 IMF-fixdate. */
  static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC).withNano(0))
        .replace("+0000", "GMT");
  }
}
