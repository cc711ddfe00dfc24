package dev.resumable.tus.hooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs HTTP hook requests so a receiver can prove they came from this server: the header
 * {@code Tus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, t + "." + body)>}. Receivers recompute the HMAC
 * over the timestamp, a dot and the raw body bytes, compare in constant time, and refuse timestamps too far from
 * their clock (replays). {@link #verify} is that check, as {@code docs/hooks.md} describes it.
 */
public final class HookSigner {
  /** The signature header's name. */
  public static final String HEADER = "Tus-Signature";

  private final byte[] key;

  /** A signer with the shared key (the bytes of the key file, surrounding whitespace removed). */
  public HookSigner(byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("the signing key is empty");
    }
    this.key = key.clone();
  }

  /** The header value for {@code body} sent at {@code unixSeconds}. */
  public String sign(long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(key, unixSeconds, body));
  }

  /**
   * True when {@code header} is a valid signature of {@code body} by {@code key}, made within {@code toleranceSeconds}
   * of {@code nowSeconds}.
   */
  public static boolean verify(byte[] key, String header, byte[] body, long nowSeconds, long toleranceSeconds) {
    if (header == null) {
      return false;
    }
    long timestamp = -1;
    byte[] expected = null;
    for (String part : header.split(",")) {
      String item = part.trim();
      try {
        if (item.startsWith("t=")) {
          timestamp = Long.parseLong(item.substring(2));
        } else if (item.startsWith("v1=")) {
          expected = HexFormat.of().parseHex(item.substring(3));
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    if (timestamp < 0 || expected == null || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
      return false;
    }
    return MessageDigest.isEqual(expected, mac(key, timestamp, body));
  }

  private static byte[] mac(byte[] key, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
