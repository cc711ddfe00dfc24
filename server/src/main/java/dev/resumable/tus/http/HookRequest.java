package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client request a hook event is about, as tusd reports it in {@code Event.HTTPRequest}: method, request URI
 * (path and query as received), remote address ({@code ip:port}) and headers (names in Go's canonical form, e.g.
 * {@code Upload-Length}, each with all its values).
 *
 * @param method the effective method (after {@code X-HTTP-Method-Override})
 * @param uri the request URI as received
 * @param remoteAddr the peer's {@code ip:port}
 * @param headers every request header
 */
public record HookRequest(String method, String uri, String remoteAddr, Map<String, List<String>> headers) {

  /** An empty request, for events no client request caused (redelivery after a restart). */
  public static final HookRequest NONE = new HookRequest("", "", "", Map.of());

  /** Copies the headers into an unmodifiable map. */
  public HookRequest {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The first value of a header (any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(canonical(name));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  static HookRequest of(HttpServerExchange exchange, String method) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HeaderValues values : exchange.getRequestHeaders()) {
      headers.computeIfAbsent(canonical(values.getHeaderName().toString()), k -> new ArrayList<>()).addAll(values);
    }
    String uri = exchange.getRequestURI();
    if (!exchange.getQueryString().isEmpty()) {
      uri = uri + "?" + exchange.getQueryString();
    }
    InetSocketAddress peer = exchange.getSourceAddress();
    String remote = peer == null ? "" : peer.getAddress().getHostAddress() + ":" + peer.getPort();
    return new HookRequest(method, uri, remote, headers);
  }

  /** Go's {@code CanonicalMIMEHeaderKey}: upper case after the start and after each dash, lower case elsewhere. */
  static String canonical(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return out.toString();
  }
}
