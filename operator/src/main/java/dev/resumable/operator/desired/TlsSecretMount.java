package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.TlsSecret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A TLS Secret (CA, optionally a client certificate and key) mounted read-only into the pod at a directory: its
 * volume, its mount, the paths of its files for the server's flags, and the keys the server reads from it. Shared by
 * the etcd locker's and the gRPC hooks' TLS; a null Secret gives no volume, no mount and no keys.
 */
final class TlsSecretMount {
  private final String volume;
  private final String dir;
  private final TlsSecret tls;

  TlsSecretMount(String volume, String dir, TlsSecret tls) {
    this.volume = volume;
    this.dir = dir;
    this.tls = tls;
  }

  /** The CA file's path in the pod (key {@code ca.crt} by default). */
  String caFile() {
    return dir + "/" + caKey();
  }

  /** Whether the Secret names a client certificate and key. */
  boolean hasClientCertificate() {
    return tls.getCertKey() != null && tls.getKeyKey() != null;
  }

  /** The client certificate's path in the pod. */
  String certificateFile() {
    return dir + "/" + tls.getCertKey();
  }

  /** The client key's path in the pod. */
  String keyFile() {
    return dir + "/" + tls.getKeyKey();
  }

  List<Volume> volumes() {
    if (tls == null) {
      return List.of();
    }
    return List.of(new VolumeBuilder().withName(volume)
        .withNewSecret().withSecretName(tls.getName()).withDefaultMode(0440).endSecret().build());
  }

  List<VolumeMount> mounts() {
    if (tls == null) {
      return List.of();
    }
    return List.of(new VolumeMountBuilder().withName(volume).withMountPath(dir).withReadOnly(true).build());
  }

  /** Adds the Secret and the keys the server reads from it to {@code keys} (secret name to keys). */
  void addKeys(Map<String, Set<String>> keys) {
    if (tls == null || tls.getName() == null) {
      return;
    }
    Set<String> needed = keys.computeIfAbsent(tls.getName(), n -> new TreeSet<>());
    needed.add(caKey());
    if (tls.getCertKey() != null) {
      needed.add(tls.getCertKey());
    }
    if (tls.getKeyKey() != null) {
      needed.add(tls.getKeyKey());
    }
  }

  private String caKey() {
    return tls.getCaKey() == null ? "ca.crt" : tls.getCaKey();
  }
}
