package dev.resumable.tus.hooks;

import dev.resumable.tus.http.HookRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request headers a post-finish record may keep: records lie on a volume other pods (and whoever backs it up)
 * can read, so they keep only the headers hooks are configured to forward ({@code -hooks-http-forward-headers}) and,
 * even among those, never a credential: {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, and any
 * name that says token, secret, password, session, credential or API key.
 */
final class RecordedHeaders {
  private static final Pattern CREDENTIAL = Pattern.compile(
      ".*(authorization|cookie|token|secret|password|passwd|session|credential|api-?key|auth).*");

  private RecordedHeaders() {
  }

  /** {@code request} with only the recordable headers. */
  static HookRequest of(HookRequest request, List<String> forwardHeaders) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> {
      if (isForwarded(name, forwardHeaders) && !isCredential(name)) {
        kept.put(name, values);
      }
    });
    return new HookRequest(request.method(), request.uri(), request.remoteAddr(), kept);
  }

  /** True for header names that carry credentials and are never written to disk. */
  static boolean isCredential(String name) {
    return CREDENTIAL.matcher(name.toLowerCase(Locale.ROOT)).matches();
  }

  private static boolean isForwarded(String name, List<String> forwardHeaders) {
    for (String forwarded : forwardHeaders) {
      if (forwarded.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
