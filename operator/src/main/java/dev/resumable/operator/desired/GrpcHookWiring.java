package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.GrpcHook;
import dev.resumable.operator.api.v1alpha1.TlsSecret;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@code spec.hooks.grpc} reaches the pod: the {@code -hooks-grpc*} flags and, with a TLS Secret, the Secret
 * mounted read-only at {@link Effective#GRPC_TLS_DIR} and named by the server's gRPC TLS file flags.
 */
public final class GrpcHookWiring {

  private static final String TLS_VOLUME = "hooks-grpc-tls";

  private GrpcHookWiring() {
  }

  /**
   * Server flags of the gRPC hook receiver.
   *
   * @param server the TusServer
   * @return flags, empty without hooks.grpc
   */
  public static List<String> args(TusServer server) {
    GrpcHook grpc = Effective.hooks(server).getGrpc();
    List<String> args = new ArrayList<>();
    if (grpc == null) {
      return args;
    }
    args.add("-hooks-grpc=" + grpc.getAddress());
    if (grpc.getRetry() != null) {
      args.add("-hooks-grpc-retry=" + grpc.getRetry());
    }
    if (grpc.getBackoff() != null) {
      args.add("-hooks-grpc-backoff=" + grpc.getBackoff());
    }
    if (grpc.getTimeout() != null) {
      args.add("-hooks-grpc-timeout=" + grpc.getTimeout());
    }
    TlsSecret tls = grpc.getTlsSecret();
    if (tls != null) {
      args.add("-hooks-grpc-secure=true");
      args.add("-hooks-grpc-server-tls-certificate=" + Effective.GRPC_TLS_DIR + "/" + caKey(tls));
      if (tls.getCertKey() != null && tls.getKeyKey() != null) {
        args.add("-hooks-grpc-client-tls-certificate=" + Effective.GRPC_TLS_DIR + "/" + tls.getCertKey());
        args.add("-hooks-grpc-client-tls-key=" + Effective.GRPC_TLS_DIR + "/" + tls.getKeyKey());
      }
    }
    return args;
  }

  /**
   * The TLS Secret's volume.
   *
   * @param server the TusServer
   * @return the volume, or none without a TLS Secret
   */
  public static List<Volume> volumes(TusServer server) {
    TlsSecret tls = tls(server);
    if (tls == null) {
      return List.of();
    }
    return List.of(new VolumeBuilder().withName(TLS_VOLUME)
        .withNewSecret().withSecretName(tls.getName()).withDefaultMode(0440).endSecret().build());
  }

  /**
   * The TLS Secret's read-only mount.
   *
   * @param server the TusServer
   * @return the mount, or none without a TLS Secret
   */
  public static List<VolumeMount> mounts(TusServer server) {
    if (tls(server) == null) {
      return List.of();
    }
    return List.of(new VolumeMountBuilder().withName(TLS_VOLUME).withMountPath(Effective.GRPC_TLS_DIR)
        .withReadOnly(true).build());
  }

  /**
   * The TLS Secret and the keys the server reads from it.
   *
   * @param server the TusServer
   * @return secret name to required keys
   */
  public static Map<String, Set<String>> secretKeys(TusServer server) {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    TlsSecret tls = tls(server);
    if (tls != null && tls.getName() != null) {
      Set<String> needed = keys.computeIfAbsent(tls.getName(), n -> new TreeSet<>());
      needed.add(caKey(tls));
      if (tls.getCertKey() != null) {
        needed.add(tls.getCertKey());
      }
      if (tls.getKeyKey() != null) {
        needed.add(tls.getKeyKey());
      }
    }
    return keys;
  }

  private static TlsSecret tls(TusServer server) {
    GrpcHook grpc = Effective.hooks(server).getGrpc();
    return grpc == null ? null : grpc.getTlsSecret();
  }

  private static String caKey(TlsSecret tls) {
    return tls.getCaKey() == null ? "ca.crt" : tls.getCaKey();
  }
}
