package dev.resumable.tus.welcome;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload page at {@code GET /}: Uppy's Dashboard uploading to the server's tus endpoint with pause and resume,
 * per-file progress, each finished upload's URL, and a note of the server's settings (largest upload, extensions).
 *
 * <p>The page and its content-hashed assets ({@code welcome-<hash>.js}, {@code welcome-<hash>.css} and
 * {@code welcome-licenses-<hash>.txt}, the licenses of the bundled npm packages) are built by
 * {@code server/src/main/web/build.mjs} into {@code site/} beside this class and loaded once. Every URL in the
 * page is path-absolute, so it uploads to the page's own origin; with {@code -behind-proxy}, a valid
 * {@code X-Forwarded-Prefix} is put in front of those paths (the same rule the upload URLs follow), so the page also
 * works under a path a proxy strips. The page is sent with a Content-Security-Policy that allows scripts, styles and
 * connections to the page's own origin only, and no inline script.
 *
 * <p>With base path {@code /} the tus collection itself is {@code /}, so the page is not served.
 */
public final class WelcomePage {
  /** The Content-Security-Policy of the page: nothing but the server's own origin (images also from data/blob). */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";

  private static final Logger LOG = LoggerFactory.getLogger(WelcomePage.class);
  private static final String SITE = "site/";
  private static final String ASSET_CACHE = "public, max-age=31536000, immutable";
  private static final String PAGE_CACHE = "no-cache";
  private static final Pattern SAFE_PREFIX = Pattern.compile("(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~-]+)+");
  private static final HttpString X_FORWARDED_PREFIX = new HttpString("X-Forwarded-Prefix");
  private static final int MAX_CACHED_PREFIXES = 32;

  private final String template;
  private final String basePath;
  private final long maxSize;
  private final List<String> extensions;
  private final boolean behindProxy;
  private final StaticResponse page;
  private final Map<String, StaticResponse> prefixedPages = new ConcurrentHashMap<>();
  private final Map<String, StaticResponse> assets;

  private WelcomePage(String template, Map<String, StaticResponse> assets, String basePath, long maxSize,
      List<String> extensions, boolean behindProxy) {
    this.template = template;
    this.assets = assets;
    this.basePath = basePath;
    this.maxSize = maxSize;
    this.extensions = List.copyOf(extensions);
    this.behindProxy = behindProxy;
    this.page = render("");
  }

  /**
   * Loads the built page from the class path and renders it for these settings.
   *
   * @param basePath the tus base path, starting and ending with {@code /}
   * @param maxSize the largest upload accepted, 0 for no limit
   * @param extensions the tus extensions the server advertises
   * @param behindProxy whether {@code X-Forwarded-Prefix} is honoured
   * @throws MissingPageException when the class path lacks the built page (a build without the web bundle)
   */
  public static WelcomePage load(String basePath, long maxSize, List<String> extensions, boolean behindProxy) {
    Objects.requireNonNull(basePath);
    String template = new String(resource("index.html"), StandardCharsets.UTF_8);
    Map<String, StaticResponse> assets = new LinkedHashMap<>();
    for (String line : new String(resource("assets.txt"), StandardCharsets.UTF_8).split("\n")) {
      String name = line.strip();
      if (!name.isEmpty()) {
        assets.put("/" + name, new StaticResponse(resource(name), contentTypeOf(name), ASSET_CACHE, Map.of()));
      }
    }
    return new WelcomePage(template, assets, basePath, maxSize, extensions, behindProxy);
  }

  /**
   * The exact-path routes to add to the server: {@code /} and one per asset; none when the base path is {@code /}.
   */
  public Map<String, HttpHandler> routes() {
    Map<String, HttpHandler> routes = new LinkedHashMap<>();
    if (basePath.equals("/")) {
      LOG.info("welcome page not served: the base path is /, where the upload collection lives");
      return routes;
    }
    routes.put("/", this::servePage);
    assets.forEach((path, asset) -> routes.put(path, asset::serve));
    return routes;
  }

  private void servePage(HttpServerExchange exchange) {
    String prefix = behindProxy ? forwardedPrefix(exchange.getRequestHeaders().getFirst(X_FORWARDED_PREFIX)) : "";
    if (prefix.isEmpty()) {
      page.serve(exchange);
      return;
    }
    StaticResponse response = prefixedPages.get(prefix);
    if (response == null) {
      response = render(prefix);
      if (prefixedPages.size() < MAX_CACHED_PREFIXES) {
        prefixedPages.putIfAbsent(prefix, response);
      }
    }
    response.serve(exchange);
  }

  /** The page for a path prefix ({@code ""} or a validated {@code /a/b}). */
  private StaticResponse render(String prefix) {
    String html = template
        .replace("{{prefix}}", escape(prefix))
        .replace("{{endpoint}}", escape(prefix + basePath))
        .replace("{{maxSize}}", Long.toString(maxSize))
        .replace("{{maxSizeText}}", escape(describeSize(maxSize)))
        .replace("{{extensions}}", escape(String.join(", ", extensions)));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("Referrer-Policy", "no-referrer");
    if (behindProxy) {
      headers.put("Vary", "Accept-Encoding, X-Forwarded-Prefix");
    }
    return new StaticResponse(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", PAGE_CACHE,
        headers);
  }

  /**
   * The first element of {@code X-Forwarded-Prefix} without a trailing slash, or "" when absent or unsafe (anything
   * but URL-safe segments, or a {@code .} / {@code ..} segment).
   */
  static String forwardedPrefix(String header) {
    if (header == null) {
      return "";
    }
    int comma = header.indexOf(',');
    String first = (comma < 0 ? header : header.substring(0, comma)).trim();
    if (first.endsWith("/")) {
      first = first.substring(0, first.length() - 1);
    }
    return SAFE_PREFIX.matcher(first).matches() ? first : "";
  }

  /** A size for people: {@code no limit}, or binary units with the exact byte count. */
  static String describeSize(long bytes) {
    if (bytes <= 0) {
      return "no limit";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit < 0) {
      return bytes + " bytes";
    }
    String amount = value == Math.rint(value) ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
    return amount + " " + units[unit] + " (" + bytes + " bytes)";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String contentTypeOf(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (lower.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (lower.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    if (lower.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (lower.endsWith(".png")) {
      return "image/png";
    }
    if (lower.endsWith(".woff2")) {
      return "font/woff2";
    }
    if (lower.endsWith(".woff")) {
      return "font/woff";
    }
    return "application/octet-stream";
  }

  private static byte[] resource(String name) {
    try (InputStream in = WelcomePage.class.getResourceAsStream(SITE + name)) {
      if (in == null) {
        throw new MissingPageException("the welcome page is missing from the class path ("
            + WelcomePage.class.getPackageName().replace('.', '/') + "/" + SITE + name
            + "); the Maven build bundles it with node: build with `make build`, or run with -show-greeting=false");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new MissingPageException("cannot read the welcome page's " + name + ": " + e.getMessage());
    }
  }

  /** The built page is not on the class path (or unreadable): a start-up failure with a one-line reason. */
  public static final class MissingPageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingPageException(String message) {
      super(message, null, false, false);
    }
  }
}
