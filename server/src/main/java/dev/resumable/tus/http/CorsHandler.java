package dev.resumable.tus.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CORS for browser clients (tus-js-client, Uppy), with tusd's defaults. A request whose {@code Origin} fully matches
 * the allowed-origin pattern gets that origin echoed back, the tus response headers exposed and, if configured,
 * credentials allowed; any other origin gets no CORS grant at all. Preflights are answered here, without reaching
 * the tus handler or the store.
 */
public final class CorsHandler implements HttpHandler {
  /** Methods a browser may use, as tusd allows them. */
  public static final String DEFAULT_ALLOW_METHODS = "POST, HEAD, PATCH, OPTIONS, GET, DELETE";
  /** Request headers a browser may send. */
  public static final String DEFAULT_ALLOW_HEADERS = "Authorization, Origin, X-Requested-With, X-Request-ID, "
      + "X-HTTP-Method-Override, Content-Type, Upload-Length, Upload-Offset, Tus-Resumable, Upload-Metadata, "
      + "Upload-Defer-Length, Upload-Concat, Upload-Checksum, Upload-Incomplete, Upload-Complete, "
      + "Upload-Draft-Interop-Version";
  /** Response headers a browser script may read. */
  public static final String DEFAULT_EXPOSE_HEADERS = "Upload-Offset, Location, Upload-Length, Tus-Version, "
      + "Tus-Resumable, Tus-Max-Size, Tus-Extension, Tus-Checksum-Algorithm, Upload-Metadata, Upload-Defer-Length, "
      + "Upload-Concat, Upload-Expires, Upload-Complete, Upload-Draft-Interop-Version";

  private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
  private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
  private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
  private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
  private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
  private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
  private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

  private final HttpHandler next;
  private final Settings settings;

  public CorsHandler(HttpHandler next, Settings settings) {
    this.next = Objects.requireNonNull(next);
    this.settings = Objects.requireNonNull(settings);
  }

  /**
   * CORS settings.
   *
   * @param allowOrigin origins granted access (the whole Origin must match)
   * @param allowCredentials whether to send {@code Access-Control-Allow-Credentials: true}
   * @param allowMethods the {@code Access-Control-Allow-Methods} value
   * @param allowHeaders the {@code Access-Control-Allow-Headers} value
   * @param exposeHeaders the {@code Access-Control-Expose-Headers} value
   * @param maxAge how long browsers may cache a preflight
   */
  public record Settings(Pattern allowOrigin, boolean allowCredentials, String allowMethods, String allowHeaders,
      String exposeHeaders, Duration maxAge) {

    /** tusd's defaults: every origin, no credentials, a day of preflight caching. */
    public static Settings defaults() {
      return new Settings(Pattern.compile(".*"), false, DEFAULT_ALLOW_METHODS, DEFAULT_ALLOW_HEADERS,
          DEFAULT_EXPOSE_HEADERS, Duration.ofDays(1));
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (origin == null) {
      next.handleRequest(exchange);
      return;
    }
    HeaderMap response = exchange.getResponseHeaders();
    response.add(Headers.VARY, "Origin");
    boolean allowed = settings.allowOrigin().matcher(origin).matches();
    boolean preflight = Methods.OPTIONS.equals(exchange.getRequestMethod())
        && exchange.getRequestHeaders().contains(REQUEST_METHOD);
    if (allowed) {
      response.put(ALLOW_ORIGIN, origin);
      if (settings.allowCredentials()) {
        response.put(ALLOW_CREDENTIALS, "true");
      }
    }
    if (preflight) {
      if (allowed) {
        response.put(ALLOW_METHODS, settings.allowMethods());
        response.put(ALLOW_HEADERS, settings.allowHeaders());
        response.put(MAX_AGE, settings.maxAge().toSeconds());
      }
      exchange.setStatusCode(204);
      exchange.endExchange();
      return;
    }
    if (allowed) {
      response.put(EXPOSE_HEADERS, settings.exposeHeaders());
    }
    next.handleRequest(exchange);
  }
}
