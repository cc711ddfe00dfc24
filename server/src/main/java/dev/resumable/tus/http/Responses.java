package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Writing responses: the headers every tus response carries, error bodies, HTTP dates. */
final class Responses {
  /** A hook's response to merge into this exchange's success response. */
  private static final AttachmentKey<HookResponse> HOOK_RESPONSE = AttachmentKey.create(HookResponse.class);

  private Responses() {
  }

  /** Remembers a hook's response for {@link #empty}; its headers are set at once. */
  static void mergeHookResponse(HttpServerExchange exchange, HookResponse response) {
    if (response == null || response.isEmpty()) {
      return;
    }
    HookResponse earlier = exchange.getAttachment(HOOK_RESPONSE);
    exchange.putAttachment(HOOK_RESPONSE, earlier == null ? response : earlier.mergeWith(response));
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
  }

  /** Finishes the exchange with a hook's response: its status, headers and body as given. */
  static void hook(HttpServerExchange exchange, HookResponse response) throws IOException {
    if (exchange.isResponseStarted()) {
      exchange.setPersistent(false);
      return;
    }
    if (!exchange.isRequestComplete()) {
      exchange.setPersistent(false);
    }
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
    write(exchange, response.statusCode(), response.body());
  }

  private static void write(HttpServerExchange exchange, int status, String text) throws IOException {
    exchange.setStatusCode(status);
    byte[] body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    if (Methods.HEAD.equals(exchange.getRequestMethod()) || status == 204 || status == 304) {
      if (status != 204 && status != 304) {
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
      }
      return;
    }
    if (body.length > 0 && !exchange.getResponseHeaders().contains(Headers.CONTENT_TYPE)) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    try (OutputStream out = exchange.getOutputStream()) {
      out.write(body);
    }
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
  static void empty(HttpServerExchange exchange, int status) throws IOException {
    HookResponse hook = exchange.getAttachment(HOOK_RESPONSE);
    if (hook != null && (hook.statusCode() != 0 || hook.body() != null)) {
      write(exchange, hook.statusCode() != 0 ? hook.statusCode() : status, hook.body());
      return;
    }
    exchange.setStatusCode(status);
    if (status != 204) {
      exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
    }
  }

  /**
   * RFC 9110's IMF-fixdate ({@code Tue, 03 Jun 2008 11:05:30 GMT}): always two-digit days, unlike
   * {@link DateTimeFormatter#RFC_1123_DATE_TIME}, whose one-digit days Go's {@code http.ParseTime} rejects.
   */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** An RFC 9110 IMF-fixdate. */
  static String httpDate(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }
}
