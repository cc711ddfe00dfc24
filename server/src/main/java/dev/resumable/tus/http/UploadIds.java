package dev.resumable.tus.http;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Upload IDs: 128 random bits from a CSPRNG, lowercase hex (tusd's form), and the syntax of acceptable IDs. */
final class UploadIds {
  /** The longest ID accepted in a URL. */
  private static final int MAX_LENGTH = 255;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private UploadIds() {
  }

  static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /**
   * IDs accepted in a URL: 1 to 255 URL-safe characters ({@code [A-Za-z0-9._~+-]}), no percent-escapes, no leading
   * dot, no {@code ..}, bounded length. Stores may narrow this further (the file store refuses dots); S3's
   * {@code objectId+uploadId} fits. A loop rather than a regular expression, since every request on an upload
   * checks it.
   */
  static boolean isAcceptable(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '~' || c == '+' || c == '-' || (c == '.' && i > 0 && id.charAt(i - 1) != '.');
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
