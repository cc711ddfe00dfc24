package dev.resumable.tus.http;

import dev.resumable.tus.store.UploadInfo;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code Upload-Metadata} header: comma-separated {@code key base64value} pairs.
 *
 * <p>Parsing is strict so that nothing malformed is ever stored or echoed back (header smuggling): keys are
 * non-empty printable ASCII without spaces or commas and unique; values are padded, canonical base64. Anything else
 * is a 400. A value is any byte string (tus 1.0.0): values that are UTF-8 text are kept decoded, as tusd keeps them;
 * for the others {@link UploadInfo#metadata()} holds tusd's representation (what its hooks receive: each byte that
 * is not part of a valid UTF-8 sequence becomes U+FFFD) and {@link UploadInfo#binaryMetadata()} the exact bytes, so
 * the header is echoed byte for byte.
 */
final class UploadMetadata {
  private static final char REPLACEMENT = '\uFFFD';

  private UploadMetadata() {
  }

  /** A parsed header: every value as text (tusd's form), and the exact bytes (base64) of those that are not UTF-8. */
  record Parsed(Map<String, String> text, Map<String, String> binary) {
    /** {@code info} with this metadata. */
    UploadInfo applyTo(UploadInfo info) {
      return info.withMetadata(text, binary);
    }
  }

  static Parsed parse(String header) {
    Map<String, String> text = new LinkedHashMap<>();
    Map<String, String> binary = new LinkedHashMap<>();
    if (header == null || header.isBlank()) {
      return new Parsed(text, binary);
    }
    for (String pair : header.split(",", -1)) {
      String trimmed = pair.trim();
      if (trimmed.isEmpty()) {
        throw TusException.badRequest("Upload-Metadata has an empty pair");
      }
      String[] parts = trimmed.split(" ", -1);
      if (parts.length > 2) {
        throw TusException.badRequest("Upload-Metadata pair must be 'key base64value'");
      }
      String key = parts[0];
      if (!isValidKey(key)) {
        throw TusException.badRequest("Upload-Metadata key must be printable ASCII without spaces or commas");
      }
      byte[] bytes = parts.length == 2 ? decode(key, parts[1]) : new byte[0];
      String value = tusdString(bytes);
      if (text.putIfAbsent(key, value) != null) {
        throw TusException.badRequest("Upload-Metadata key '" + key + "' appears twice");
      }
      if (!Arrays.equals(value.getBytes(StandardCharsets.UTF_8), bytes)) {
        binary.put(key, parts[1]);
      }
    }
    return new Parsed(text, binary);
  }

  /** The header echoing the upload's metadata: the exact bytes of every value, in the order received. */
  static String encode(UploadInfo info) {
    StringJoiner joiner = new StringJoiner(",");
    for (Map.Entry<String, String> entry : info.metadata().entrySet()) {
      String exact = info.binaryMetadata().get(entry.getKey());
      if (exact != null) {
        joiner.add(entry.getKey() + " " + exact);
      } else if (entry.getValue().isEmpty()) {
        joiner.add(entry.getKey());
      } else {
        joiner.add(entry.getKey() + " "
            + Base64.getEncoder().encodeToString(entry.getValue().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return joiner.toString();
  }

  /** True for keys that may be echoed in a header: tusd-written .info files are filtered through this too. */
  static boolean isValidKey(String key) {
    if (key.isEmpty() || key.length() > 256) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == ',') {
        return false;
      }
    }
    return true;
  }

  private static byte[] decode(String key, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw TusException.badRequest("Upload-Metadata value of '" + key + "' is not valid base64");
    }
    if (!Base64.getEncoder().encodeToString(bytes).equals(base64)) {
      throw TusException.badRequest("Upload-Metadata value of '" + key + "' must be padded, canonical base64");
    }
    return bytes;
  }

  /**
   * The string tusd's hooks receive for a byte string: valid UTF-8 sequences decoded, every other byte replaced by
   * one U+FFFD (Go's {@code encoding/json} walks the string with {@code utf8.DecodeRuneInString}, which rejects
   * overlong forms, surrogates and code points above U+10FFFF and consumes one byte on each error).
   */
  static String tusdString(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int b0 = bytes[i] & 0xff;
      if (b0 < 0x80) {
        out.append((char) b0);
        i++;
        continue;
      }
      int length;
      int low = 0x80;
      int high = 0xbf;
      if (b0 >= 0xc2 && b0 <= 0xdf) {
        length = 2;
      } else if (b0 >= 0xe0 && b0 <= 0xef) {
        length = 3;
        low = b0 == 0xe0 ? 0xa0 : low;
        high = b0 == 0xed ? 0x9f : high;
      } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        length = 4;
        low = b0 == 0xf0 ? 0x90 : low;
        high = b0 == 0xf4 ? 0x8f : high;
      } else {
        out.append(REPLACEMENT);
        i++;
        continue;
      }
      if (!isSequence(bytes, i, length, low, high)) {
        out.append(REPLACEMENT);
        i++;
        continue;
      }
      int codePoint = b0 & (0xff >> (length + 1));
      for (int k = 1; k < length; k++) {
        codePoint = (codePoint << 6) | (bytes[i + k] & 0x3f);
      }
      out.appendCodePoint(codePoint);
      i += length;
    }
    return out.toString();
  }

  private static boolean isSequence(byte[] bytes, int start, int length, int low, int high) {
    if (start + length > bytes.length) {
      return false;
    }
    int second = bytes[start + 1] & 0xff;
    if (second < low || second > high) {
      return false;
    }
    for (int k = 2; k < length; k++) {
      int next = bytes[start + k] & 0xff;
      if (next < 0x80 || next > 0xbf) {
        return false;
      }
    }
    return true;
  }
}
