package dev.resumable.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over the data of every Secret and ConfigMap a TusServer references, in a stable order. Put on the pod
 * template, it rolls the pods when a credential or a hook script changes. Only the digest leaves the operator.
 */
public final class ConfigHash {

  private ConfigHash() {
  }

  /**
   * Computes the hash.
   *
   * @param secrets referenced Secrets (including the signing-key Secret)
   * @param configMaps referenced ConfigMaps
   * @return hex SHA-256
   */
  public static String of(Collection<Secret> secrets, Collection<ConfigMap> configMaps) {
    MessageDigest digest = sha256();
    secrets.stream().sorted(Comparator.comparing(s -> s.getMetadata().getName())).forEach(secret -> {
      update(digest, "secret/" + secret.getMetadata().getName());
      updateMap(digest, secret.getData());
      updateMap(digest, secret.getStringData());
    });
    configMaps.stream().sorted(Comparator.comparing(c -> c.getMetadata().getName())).forEach(configMap -> {
      update(digest, "configmap/" + configMap.getMetadata().getName());
      updateMap(digest, configMap.getData());
      updateMap(digest, configMap.getBinaryData());
    });
    StringBuilder hex = new StringBuilder();
    for (byte b : digest.digest()) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static void updateMap(MessageDigest digest, Map<String, String> data) {
    if (data == null) {
      return;
    }
    new TreeMap<>(data).forEach((key, value) -> {
      update(digest, key);
      update(digest, value == null ? "" : value);
    });
  }

  private static void update(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
    digest.update((byte) ':');
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
