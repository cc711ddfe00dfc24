package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.EtcdSpec;
import dev.resumable.operator.api.v1alpha1.LockerCredentials;
import dev.resumable.operator.api.v1alpha1.RedisSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the distributed lockers reach the pod. Addresses go into arguments; user names and passwords only into
 * {@code secretKeyRef} environment variables the server reads as flag defaults ({@code TUS_ETCD_USER},
 * {@code TUS_ETCD_PASSWORD}); the etcd TLS Secret is mounted read-only.
 *
 * <p>Redis takes its password inside {@code -redis-url}. With credentials the URL is therefore assembled by the
 * kubelet: {@code REDIS_USERNAME} / {@code REDIS_PASSWORD} come from the Secret and {@code TUS_REDIS_URL} is
 * {@code redis://$(REDIS_USERNAME):$(REDIS_PASSWORD)@host:port} (dependent environment variables), so the pod spec
 * holds a template, never the password, and the URL never appears in the process's arguments.
 */
public final class LockerWiring {

  /** Environment variable of the Redis user name (from the Secret). */
  public static final String REDIS_USERNAME_ENV = "REDIS_USERNAME";
  /** Environment variable of the Redis password (from the Secret). */
  public static final String REDIS_PASSWORD_ENV = "REDIS_PASSWORD";
  /** The server's environment default of {@code -redis-url}. */
  public static final String REDIS_URL_ENV = "TUS_REDIS_URL";
  /** The server's environment default of {@code -etcd-user}. */
  public static final String ETCD_USER_ENV = "TUS_ETCD_USER";
  /** The server's environment default of {@code -etcd-password}. */
  public static final String ETCD_PASSWORD_ENV = "TUS_ETCD_PASSWORD";
  private static final String ETCD_TLS_VOLUME = "etcd-tls";

  private LockerWiring() {
  }

  /**
   * The locker's flags.
   *
   * @param server the TusServer
   * @return flags in {@code -name=value} form
   */
  public static List<String> args(TusServer server) {
    List<String> args = new ArrayList<>();
    args.add("-locker=" + Effective.locker(server));
    RedisSpec redis = redis(server);
    if (redis != null && redis.getCredentialsSecret() == null) {
      args.add("-redis-url=" + redisUrl(redis, null));
    }
    EtcdSpec etcd = etcd(server);
    if (etcd != null) {
      args.add("-etcd-endpoints=" + String.join(",", etcd.getEndpoints()));
      if (etcd.getTls() != null) {
        TlsSecretMount tls = tls(server);
        args.add("-etcd-ca-file=" + tls.caFile());
        if (tls.hasClientCertificate()) {
          args.add("-etcd-cert-file=" + tls.certificateFile());
          args.add("-etcd-key-file=" + tls.keyFile());
        }
      }
    }
    return args;
  }

  /**
   * The locker's environment: credentials by {@code secretKeyRef} only.
   *
   * @param server the TusServer
   * @return environment variables, in dependency order
   */
  public static List<EnvVar> env(TusServer server) {
    List<EnvVar> env = new ArrayList<>();
    RedisSpec redis = redis(server);
    if (redis != null && redis.getCredentialsSecret() != null) {
      LockerCredentials credentials = redis.getCredentialsSecret();
      if (credentials.getUsernameKey() != null) {
        env.add(secretEnv(REDIS_USERNAME_ENV, credentials.getName(), credentials.getUsernameKey()));
      }
      env.add(secretEnv(REDIS_PASSWORD_ENV, credentials.getName(), passwordKey(credentials)));
      String userInfo = (credentials.getUsernameKey() != null ? "$(" + REDIS_USERNAME_ENV + ")" : "")
          + ":$(" + REDIS_PASSWORD_ENV + ")";
      env.add(new EnvVarBuilder().withName(REDIS_URL_ENV).withValue(redisUrl(redis, userInfo)).build());
    }
    EtcdSpec etcd = etcd(server);
    if (etcd != null && etcd.getCredentialsSecret() != null) {
      LockerCredentials credentials = etcd.getCredentialsSecret();
      env.add(secretEnv(ETCD_USER_ENV, credentials.getName(), credentials.getUsernameKey()));
      env.add(secretEnv(ETCD_PASSWORD_ENV, credentials.getName(), passwordKey(credentials)));
    }
    return env;
  }

  /**
   * Volumes of the locker: the etcd TLS Secret.
   *
   * @param server the TusServer
   * @return volumes
   */
  public static List<Volume> volumes(TusServer server) {
    return tls(server).volumes();
  }

  /**
   * Mounts of the locker's volumes.
   *
   * @param server the TusServer
   * @return volume mounts
   */
  public static List<VolumeMount> mounts(TusServer server) {
    return tls(server).mounts();
  }

  /**
   * The Secrets the locker references, with the keys needed from each.
   *
   * @param server the TusServer
   * @return secret name to keys
   */
  public static Map<String, Set<String>> secretKeys(TusServer server) {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    RedisSpec redis = redis(server);
    if (redis != null && redis.getCredentialsSecret() != null && redis.getCredentialsSecret().getName() != null) {
      credentialKeys(keys, redis.getCredentialsSecret());
    }
    EtcdSpec etcd = etcd(server);
    if (etcd != null && etcd.getCredentialsSecret() != null && etcd.getCredentialsSecret().getName() != null) {
      credentialKeys(keys, etcd.getCredentialsSecret());
    }
    tls(server).addKeys(keys);
    return keys;
  }

  private static void credentialKeys(Map<String, Set<String>> keys, LockerCredentials credentials) {
    Set<String> needed = keys.computeIfAbsent(credentials.getName(), n -> new TreeSet<>());
    if (credentials.getUsernameKey() != null) {
      needed.add(credentials.getUsernameKey());
    }
    needed.add(passwordKey(credentials));
  }

  /**
   * The Redis URL with the scheme tls asks for and the given user info.
   *
   * @param redis the Redis settings
   * @param userInfo {@code user:password} (may hold {@code $(VAR)} references), or null
   * @return the URL
   */
  static String redisUrl(RedisSpec redis, String userInfo) {
    String url = redis.getUrl().strip();
    String rest = url.substring(url.indexOf("://") + 3);
    boolean tls = Boolean.TRUE.equals(redis.getTls()) || url.startsWith("rediss://");
    return (tls ? "rediss://" : "redis://") + (userInfo == null ? "" : userInfo + "@") + rest;
  }

  private static String passwordKey(LockerCredentials credentials) {
    return credentials.getPasswordKey() == null ? "password" : credentials.getPasswordKey();
  }

  /** The etcd TLS Secret's mount (none without etcd.tls). */
  private static TlsSecretMount tls(TusServer server) {
    EtcdSpec etcd = etcd(server);
    return new TlsSecretMount(ETCD_TLS_VOLUME, Effective.ETCD_TLS_DIR, etcd == null ? null : etcd.getTls());
  }

  private static RedisSpec redis(TusServer server) {
    return "redis".equals(Effective.locker(server)) ? Effective.spec(server).getRedis() : null;
  }

  private static EtcdSpec etcd(TusServer server) {
    return "etcd".equals(Effective.locker(server)) ? Effective.spec(server).getEtcd() : null;
  }

  private static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).withOptional(false)
        .endSecretKeyRef().endValueFrom()
        .build();
  }
}
