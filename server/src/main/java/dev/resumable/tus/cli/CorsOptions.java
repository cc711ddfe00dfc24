package dev.resumable.tus.cli;

import dev.resumable.tus.http.CorsHandler;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/** The CORS flags, with tusd's names and defaults. */
final class CorsOptions {
  @Option(names = {"-disable-cors", "--disable-cors"}, arity = "0..1", defaultValue = "false",
      description = "Send no CORS headers (browsers on other origins cannot upload).")
  boolean disableCors;

  @Option(names = {"-cors-allow-origin", "--cors-allow-origin"}, paramLabel = "REGEX", defaultValue = ".*",
      description = "Origins granted CORS access; the whole Origin must match (default: ${DEFAULT-VALUE}).")
  String corsAllowOrigin;

  @Option(names = {"-cors-allow-credentials", "--cors-allow-credentials"}, arity = "0..1", defaultValue = "false",
      description = "Allow credentialed CORS requests (cookies, Authorization).")
  boolean corsAllowCredentials;

  @Option(names = {"-cors-allow-methods", "--cors-allow-methods"}, paramLabel = "LIST",
      defaultValue = CorsHandler.DEFAULT_ALLOW_METHODS,
      description = "Access-Control-Allow-Methods (default: ${DEFAULT-VALUE}).")
  String corsAllowMethods;

  @Option(names = {"-cors-allow-headers", "--cors-allow-headers"}, paramLabel = "LIST", defaultValue = "",
      description = "Request headers allowed in addition to the tus defaults.")
  String corsAllowHeaders;

  @Option(names = {"-cors-expose-headers", "--cors-expose-headers"}, paramLabel = "LIST", defaultValue = "",
      description = "Response headers exposed in addition to the tus defaults.")
  String corsExposeHeaders;

  @Option(names = {"-cors-max-age", "--cors-max-age"}, paramLabel = "SECONDS", defaultValue = "86400",
      description = "How long browsers may cache a preflight (default: ${DEFAULT-VALUE}).")
  long corsMaxAge;

  /** The CORS settings, or null with {@code -disable-cors}. */
  CorsHandler.Settings settings() {
    if (disableCors) {
      return null;
    }
    if (corsMaxAge < 0) {
      throw new FlagException("-cors-max-age must not be negative");
    }
    Pattern origin;
    try {
      origin = Pattern.compile(corsAllowOrigin);
    } catch (PatternSyntaxException e) {
      throw new FlagException("-cors-allow-origin is not a valid regular expression: " + e.getDescription());
    }
    return new CorsHandler.Settings(origin, corsAllowCredentials, corsAllowMethods,
        append(CorsHandler.DEFAULT_ALLOW_HEADERS, corsAllowHeaders),
        append(CorsHandler.DEFAULT_EXPOSE_HEADERS, corsExposeHeaders), Duration.ofSeconds(corsMaxAge));
  }

  private static String append(String defaults, String extra) {
    return extra == null || extra.isBlank() ? defaults : defaults + ", " + extra.trim();
  }
}
