package dev.resumable.tus.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code Upload-Metadata} header: comma-separated {@code key base64value} pairs.
 *
 * <p>Parsing is strict so that nothing malformed is ever stored or echoed back (header smuggling): keys are
 * non-empty printable ASCII without spaces or commas and unique; values are valid base64 of UTF-8 text. Anything else
 * is a 400. Values are kept decoded, as tusd keeps them, and re-encoded when echoed.
 */
final class UploadMetadata {
  private UploadMetadata() {
  }

  static Map<String, String> parse(String header) {
    Map<String, String> result = new LinkedHashMap<>();
    if (header == null || header.isBlank()) {
      return result;
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
      String value = parts.length == 2 ? decode(key, parts[1]) : "";
      if (result.putIfAbsent(key, value) != null) {
        throw TusException.badRequest("Upload-Metadata key '" + key + "' appears twice");
      }
    }
    return result;
  }

  static String encode(Map<String, String> metadata) {
    StringJoiner joiner = new StringJoiner(",");
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (entry.getValue().isEmpty()) {
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

  private static String decode(String key, String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw TusException.badRequest("Upload-Metadata value of '" + key + "' is not valid base64");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw TusException.badRequest("Upload-Metadata value of '" + key + "' must be UTF-8 text");
    }
  }
}
