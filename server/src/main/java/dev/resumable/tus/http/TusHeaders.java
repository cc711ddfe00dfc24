package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/** Header names of the tus protocol and helpers to read header values strictly. */
final class TusHeaders {
  static final String VERSION = "1.0.0";
  static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";

  static final HttpString TUS_RESUMABLE = new HttpString("Tus-Resumable");
  static final HttpString TUS_VERSION = new HttpString("Tus-Version");
  static final HttpString TUS_EXTENSION = new HttpString("Tus-Extension");
  static final HttpString TUS_MAX_SIZE = new HttpString("Tus-Max-Size");
  static final HttpString TUS_CHECKSUM_ALGORITHM = new HttpString("Tus-Checksum-Algorithm");
  static final HttpString UPLOAD_OFFSET = new HttpString("Upload-Offset");
  static final HttpString UPLOAD_LENGTH = new HttpString("Upload-Length");
  static final HttpString UPLOAD_DEFER_LENGTH = new HttpString("Upload-Defer-Length");
  static final HttpString UPLOAD_METADATA = new HttpString("Upload-Metadata");
  static final HttpString UPLOAD_CONCAT = new HttpString("Upload-Concat");
  static final HttpString UPLOAD_EXPIRES = new HttpString("Upload-Expires");
  static final HttpString UPLOAD_CHECKSUM = new HttpString("Upload-Checksum");
  static final HttpString METHOD_OVERRIDE = new HttpString("X-HTTP-Method-Override");

  /** Longest decimal that is a valid non-negative {@code long}. */
  private static final int MAX_DIGITS = 19;

  private TusHeaders() {
  }

  /** The header's single value, or null when absent. Repeated tus headers are ambiguous and refused. */
  static String single(HttpServerExchange exchange, HttpString name) {
    var values = exchange.getRequestHeaders().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw TusException.badRequest(name + " must appear once");
    }
    return values.getFirst().trim();
  }

  /** Parses a non-negative decimal integer strictly: digits only, fits a {@code long}. Null when absent. */
  static Long nonNegative(HttpServerExchange exchange, HttpString name) {
    String raw = single(exchange, name);
    if (raw == null) {
      return null;
    }
    return parseNonNegative(name.toString(), raw);
  }

  static long parseNonNegative(String name, String raw) {
    if (raw.isEmpty() || raw.length() > MAX_DIGITS || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw TusException.badRequest(name + " must be a non-negative integer");
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw TusException.badRequest(name + " must be a non-negative integer");
    }
  }

  /** True when the request's media type (parameters ignored) equals {@code expected}, case-insensitively. */
  static boolean hasContentType(HttpServerExchange exchange, String expected) {
    String value = exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.CONTENT_TYPE);
    if (value == null) {
      return false;
    }
    int semicolon = value.indexOf(';');
    String mediaType = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
    return mediaType.equalsIgnoreCase(expected);
  }
}
