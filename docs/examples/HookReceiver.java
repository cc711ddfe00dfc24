import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal tus hook receiver that verifies the server's signature. No dependencies; run it with the JDK's
 * source launcher:
 *
 * <pre>java HookReceiver.java 8000 /path/to/signing-key</pre>
 *
 * and start the server with {@code -hooks-http http://127.0.0.1:8000/hooks} and
 * {@code TUS_HOOKS_HTTP_SIGNING_KEY_FILE=/path/to/signing-key}. Each request carries
 * {@code Tus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, t + "." + raw body)>}; this receiver recomputes it,
 * compares in constant time, refuses timestamps more than 5 minutes off (replays), de-duplicates on
 * {@code Idempotency-Key}, and prints one line per verified event.
 */
public final class HookReceiver {
  private static final long TOLERANCE_SECONDS = 300;
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    byte[] key = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/hooks", exchange -> handle(exchange, key));
    server.start();
    System.out.println("listening on " + port);
  }

  private static void handle(HttpExchange exchange, byte[] key) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String signature = exchange.getRequestHeaders().getFirst("Tus-Signature");
    if (!verify(key, signature, body, System.currentTimeMillis() / 1000)) {
      System.out.println("REJECTED bad signature");
      answer(exchange, 401, "{}");
      return;
    }
    String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (idempotencyKey != null && !SEEN.add(idempotencyKey)) {
      System.out.println("duplicate " + idempotencyKey);
    } else {
      System.out.println("verified " + new String(body, StandardCharsets.UTF_8));
    }
    // An empty JSON object: go ahead, change nothing. Return e.g. {"RejectUpload": true} from pre-create to refuse.
    answer(exchange, 200, "{}");
  }

  /** Checks {@code t=<seconds>,v1=<hex>} against HMAC-SHA256(key, t + "." + body). */
  static boolean verify(byte[] key, String header, byte[] body, long nowSeconds) {
    if (header == null) {
      return false;
    }
    String timestamp = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String item = part.trim();
      if (item.startsWith("t=")) {
        timestamp = item.substring(2);
      } else if (item.startsWith("v1=")) {
        v1 = item.substring(3);
      }
    }
    if (timestamp == null || v1 == null) {
      return false;
    }
    try {
      if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
        return false;
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      byte[] expected = mac.doFinal(body);
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
    } catch (Exception e) {
      return false;
    }
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
