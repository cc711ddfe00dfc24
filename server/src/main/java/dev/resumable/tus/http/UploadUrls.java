package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;
import java.util.regex.Pattern;

/** Builds upload URLs for responses and maps request paths and partial-upload URLs back to upload IDs. */
final class UploadUrls {
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

  private final String basePath;

  UploadUrls(String basePath) {
    this.basePath = basePath;
  }

  String basePath() {
    return basePath;
  }

  /** The absolute URL of upload {@code id} as this request reached the server. */
  String location(HttpServerExchange exchange, String id) {
    return origin(exchange) + basePath + id;
  }

  private static String origin(HttpServerExchange exchange) {
    String host = exchange.getHostAndPort();
    if (host == null || !SAFE_HOST.matcher(host).matches()) {
      host = exchange.getDestinationAddress().getHostString() + ":" + exchange.getHostPort();
    }
    return exchange.getRequestScheme() + "://" + host;
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
   * (percent-escapes, traversal, odd characters, over-long).
   */
  String idOf(String pathOrUrl) {
    String path = pathOf(pathOrUrl.trim());
    if (!path.startsWith(basePath)) {
      return null;
    }
    String id = path.substring(basePath.length());
    return UploadIds.isAcceptable(id) ? id : null;
  }

  /** True when the path lies below the base path (a wrong ID there is a 404, not someone else's route). */
  boolean isBelowBase(String path) {
    return path.startsWith(basePath);
  }
}
