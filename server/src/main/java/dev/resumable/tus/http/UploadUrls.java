package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds upload URLs for responses and maps request paths and partial-upload URLs back to upload IDs.
 *
 * <p>Behind a proxy (opt-in), URLs follow RFC 7239 {@code Forwarded} ({@code host}, {@code proto}) or
 * {@code X-Forwarded-Host} / {@code X-Forwarded-Proto}, plus {@code X-Forwarded-Prefix} for a path the proxy strips.
 * Every forwarded value is validated; an invalid one is ignored. Without the option those headers are ignored, so a
 * client cannot point {@code Location} at another host.
 */
final class UploadUrls {
  private static final Pattern SAFE_HOST =
      Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");
  private static final Pattern SAFE_PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final HttpString FORWARDED = new HttpString("Forwarded");
  private static final HttpString X_FORWARDED_HOST = new HttpString("X-Forwarded-Host");
  private static final HttpString X_FORWARDED_PROTO = new HttpString("X-Forwarded-Proto");
  private static final HttpString X_FORWARDED_PREFIX = new HttpString("X-Forwarded-Prefix");

  private final String basePath;
  private final boolean behindProxy;

  UploadUrls(String basePath, boolean behindProxy) {
    this.basePath = basePath;
    this.behindProxy = behindProxy;
  }

  String basePath() {
    return basePath;
  }

  /** The absolute URL of upload {@code id} as the client reached the server. */
  String location(HttpServerExchange exchange, String id) {
    String scheme = exchange.getRequestScheme();
    String host = exchange.getHostAndPort();
    String prefix = "";
    if (behindProxy) {
      String forwarded = firstElement(exchange.getRequestHeaders().getFirst(FORWARDED));
      String forwardedHost = forwarded == null ? null : parameter(forwarded, "host");
      String forwardedProto = forwarded == null ? null : parameter(forwarded, "proto");
      if (forwardedHost == null) {
        forwardedHost = firstElement(exchange.getRequestHeaders().getFirst(X_FORWARDED_HOST));
      }
      if (forwardedProto == null) {
        forwardedProto = firstElement(exchange.getRequestHeaders().getFirst(X_FORWARDED_PROTO));
      }
      if (forwardedHost != null && SAFE_HOST.matcher(forwardedHost).matches()) {
        host = forwardedHost;
      }
      if (forwardedProto != null) {
        String proto = forwardedProto.toLowerCase(Locale.ROOT);
        if (proto.equals("http") || proto.equals("https")) {
          scheme = proto;
        }
      }
      String forwardedPrefix = firstElement(exchange.getRequestHeaders().getFirst(X_FORWARDED_PREFIX));
      if (forwardedPrefix != null) {
        String trimmed = forwardedPrefix.endsWith("/")
            ? forwardedPrefix.substring(0, forwardedPrefix.length() - 1) : forwardedPrefix;
        if (SAFE_PREFIX.matcher(trimmed).matches()) {
          prefix = trimmed;
        }
      }
    }
    if (host == null || !SAFE_HOST.matcher(host).matches()) {
      host = exchange.getDestinationAddress().getHostString() + ":" + exchange.getHostPort();
    }
    return scheme + "://" + host + prefix + basePath + id;
  }

  private static String firstElement(String value) {
    if (value == null) {
      return null;
    }
    int comma = value.indexOf(',');
    String first = (comma < 0 ? value : value.substring(0, comma)).trim();
    return first.isEmpty() ? null : first;
  }

  /** A parameter of one RFC 7239 element, unquoted. */
  private static String parameter(String element, String name) {
    for (String pair : element.split(";")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
        String value = pair.substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  /** The path of a request target, without scheme and authority when the client sent an absolute URI. */
  static String pathOf(String uri) {
    String path = uri;
    int scheme = path.indexOf("://");
    if (scheme > 0 && scheme < 8) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** True when {@code path} addresses the upload collection (the creation endpoint). */
  boolean isCollection(String path) {
    return path.equals(basePath) || path.equals(basePath.substring(0, basePath.length() - 1));
  }

  /**
   * The upload ID a path (or absolute URL) names, or null when it names none or an ID that is not acceptable
   * (percent-escapes, traversal, odd characters, over-long). Behind a proxy, a URL carrying the proxy's path prefix
   * (as this server hands them out) is accepted too.
   */
  String idOf(String pathOrUrl) {
    String path = pathOf(pathOrUrl.trim());
    int at = 0;
    if (!path.startsWith(basePath)) {
      at = behindProxy ? path.indexOf(basePath) : -1;
      if (at <= 0 || !SAFE_PREFIX.matcher(path.substring(0, at)).matches()) {
        return null;
      }
    }
    String id = path.substring(at + basePath.length());
    return UploadIds.isAcceptable(id) ? id : null;
  }

  /** True when the path lies below the base path (a wrong ID there is a 404, not someone else's route). */
  boolean isBelowBase(String path) {
    return path.startsWith(basePath);
  }
}
