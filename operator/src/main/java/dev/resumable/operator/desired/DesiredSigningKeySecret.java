package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Desired Secret holding the HTTP-hook signing key: 256 random bits, created once and never rotated silently. */
public final class DesiredSigningKeySecret {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DesiredSigningKeySecret() {
  }

  /**
   * Builds the Secret with the given key.
   *
   * @param server the TusServer
   * @param key the signing key (printable)
   * @return the Secret
   */
  public static Secret build(TusServer server, String key) {
    return new SecretBuilder()
        .withNewMetadata()
          .withName(Names.signingKeySecret(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
        .endMetadata()
        .withType("Opaque")
        .addToData(Names.SIGNING_KEY_KEY,
            Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.US_ASCII)))
        .build();
  }

  /**
   * Generates a new key.
   *
   * @return 32 random bytes, base64url without padding
   */
  public static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
