package dev.resumable.tus.welcome;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One file of the page held in memory, with its gzip form computed once: answers {@code GET} and {@code HEAD} with
 * {@code Content-Type}, {@code Cache-Control}, a strong {@code ETag} ({@code 304} on {@code If-None-Match}),
 * {@code Content-Encoding: gzip} when the client accepts it and it is smaller, and any extra headers (the CSP);
 * other methods get {@code 405}.
 */
final class StaticResponse {
  private static final HttpString CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");

  private final byte[] identity;
  private final byte[] gzip;
  private final String contentType;
  private final String cacheControl;
  private final String etag;
  private final Map<String, String> extraHeaders;

  StaticResponse(byte[] content, String contentType, String cacheControl, Map<String, String> extraHeaders) {
    this.identity = content.clone();
    byte[] compressed = gzip(content);
    this.gzip = compressed.length < content.length ? compressed : null;
    this.contentType = contentType;
    this.cacheControl = cacheControl;
    this.etag = etagOf(content);
    this.extraHeaders = Map.copyOf(extraHeaders);
  }

  /** The content's length before compression. */
  int length() {
    return identity.length;
  }

  /** Answers the exchange (in the IO thread: nothing here blocks). */
  void serve(HttpServerExchange exchange) {
    HeaderMap out = exchange.getResponseHeaders();
    if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.setStatusCode(405);
      out.put(Headers.ALLOW, "GET, HEAD");
      out.put(Headers.CONTENT_LENGTH, 0);
      exchange.endExchange();
      return;
    }
    boolean compressed = gzip != null && acceptsGzip(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING));
    String tag = compressed ? etag.substring(0, etag.length() - 1) + "-gz\"" : etag;
    out.put(Headers.CACHE_CONTROL, cacheControl);
    out.put(Headers.ETAG, tag);
    out.put(Headers.VARY, "Accept-Encoding");
    out.put(CONTENT_TYPE_OPTIONS, "nosniff");
    extraHeaders.forEach((name, value) -> out.put(new HttpString(name), value));
    if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH), tag)) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    byte[] body = compressed ? gzip : identity;
    out.put(Headers.CONTENT_TYPE, contentType);
    if (compressed) {
      out.put(Headers.CONTENT_ENCODING, "gzip");
    }
    out.put(Headers.CONTENT_LENGTH, body.length);
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    exchange.getResponseSender().send(ByteBuffer.wrap(body));
  }

  /** True when an {@code Accept-Encoding} header lists gzip (or {@code *}) with a non-zero quality. */
  static boolean acceptsGzip(Iterable<String> headerValues) {
    if (headerValues == null) {
      return false;
    }
    for (String value : headerValues) {
      for (String element : value.split(",")) {
        String[] parts = element.trim().split(";");
        String coding = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
          continue;
        }
        boolean refused = false;
        for (int i = 1; i < parts.length; i++) {
          String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
          if (parameter.startsWith("q=")) {
            refused = parameter.substring(2).trim().matches("0(\\.0{0,3})?");
          }
        }
        if (!refused) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(Iterable<String> ifNoneMatch, String tag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String value : ifNoneMatch) {
      for (String candidate : value.split(",")) {
        String trimmed = candidate.trim();
        if (trimmed.startsWith("W/")) {
          trimmed = trimmed.substring(2);
        }
        if (trimmed.equals(tag) || trimmed.equals("*")) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(content.length / 3 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(buffer) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  private static String etagOf(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }
}
