package dev.resumable.tus.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response (or part of one) a hook asks the server to send, tusd's {@code HTTPResponse}: a status code (0 keeps
 * the server's), a body (null keeps the server's) and headers added to the response.
 *
 * @param statusCode the status, or 0 for none
 * @param body the body, or null for none
 * @param headers headers to set on the response
 */
public record HookResponse(int statusCode, String body, Map<String, String> headers) {

  /** Copies the headers into an unmodifiable map. */
  public HookResponse {
    headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** True when the response changes nothing. */
  public boolean isEmpty() {
    return statusCode == 0 && body == null && headers.isEmpty();
  }

  /** This response with {@code other}'s status and body where set, and both header sets (other wins). */
  public HookResponse mergeWith(HookResponse other) {
    if (other == null) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(other.headers);
    return new HookResponse(other.statusCode != 0 ? other.statusCode : statusCode,
        other.body != null ? other.body : body, merged);
  }
}
