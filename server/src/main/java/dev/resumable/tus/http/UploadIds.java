package dev.resumable.tus.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Upload IDs: 128 random bits from a CSPRNG, lowercase hex (tusd's form), and the syntax of acceptable IDs. */
final class UploadIds {
  /**
   * IDs accepted in a URL: URL-safe characters only, no percent-escapes, no leading dot, bounded length. Stores may
   * narrow this further (the file store refuses dots); S3's {@code objectId+uploadId} fits.
   */
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9_~+-][A-Za-z0-9._~+-]{0,254}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private UploadIds() {
  }

  static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  static boolean isAcceptable(String id) {
    return ACCEPTED.matcher(id).matches() && !id.contains("..");
  }
}
