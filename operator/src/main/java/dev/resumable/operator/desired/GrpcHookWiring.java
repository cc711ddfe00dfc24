package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.GrpcHook;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    if (grpc.getTlsSecret() != null) {
      TlsSecretMount tls = tls(server);
      args.add("-hooks-grpc-secure=true");
      args.add("-hooks-grpc-server-tls-certificate=" + tls.caFile());
      if (tls.hasClientCertificate()) {
        args.add("-hooks-grpc-client-tls-certificate=" + tls.certificateFile());
        args.add("-hooks-grpc-client-tls-key=" + tls.keyFile());
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
    return tls(server).volumes();
  }

  /**
   * The TLS Secret's read-only mount.
   *
   * @param server the TusServer
   * @return the mount, or none without a TLS Secret
   */
  public static List<VolumeMount> mounts(TusServer server) {
    return tls(server).mounts();
  }

  /**
   * The TLS Secret and the keys the server reads from it.
   *
   * @param server the TusServer
   * @return secret name to required keys
   */
  public static Map<String, Set<String>> secretKeys(TusServer server) {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    tls(server).addKeys(keys);
    return keys;
  }

  private static TlsSecretMount tls(TusServer server) {
    GrpcHook grpc = Effective.hooks(server).getGrpc();
    return new TlsSecretMount(TLS_VOLUME, Effective.GRPC_TLS_DIR, grpc == null ? null : grpc.getTlsSecret());
  }
}
