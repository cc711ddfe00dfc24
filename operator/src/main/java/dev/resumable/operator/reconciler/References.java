package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.AzureCredentials;
import dev.resumable.operator.api.v1alpha1.FileHooks;
import dev.resumable.operator.api.v1alpha1.S3Credentials;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.desired.DesiredDeployment;
import dev.resumable.operator.desired.Effective;
import dev.resumable.operator.desired.GrpcHookWiring;
import dev.resumable.operator.desired.LockerWiring;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Secrets and ConfigMaps a TusServer references (S3, Azure and locker credentials, the etcd and gRPC hook TLS Secrets, hook scripts, secretKeyRef / configMapKeyRef in
 * extra env), and their resolution against the informer caches. Problems name objects and keys, never values.
 */
public final class References {

  /**
   * Label the operator puts on every Secret and ConfigMap a TusServer references. The informers for Secrets and
   * ConfigMaps select on it, so the operator caches only what TusServers use, never every Secret of the cluster.
   */
  public static final String WATCH_LABEL = "resumable.dev/referenced";
  /** Label selector of the reference informers. */
  public static final String WATCH_SELECTOR = WATCH_LABEL + "=true";

  private final List<Secret> secrets;
  private final List<ConfigMap> configMaps;
  private final Problem problem;

  private References(List<Secret> secrets, List<ConfigMap> configMaps, Problem problem) {
    this.secrets = secrets;
    this.configMaps = configMaps;
    this.problem = problem;
  }

  /**
   * Names of the Secrets a TusServer references, with the keys it needs from each (empty when any key will do).
   *
   * @param server the TusServer
   * @return secret name to required keys
   */
  public static Map<String, Set<String>> secretKeys(TusServer server) {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    S3Credentials credentials = Effective.storage(server).getS3() == null ? null
        : Effective.storage(server).getS3().getCredentialsSecret();
    if (credentials != null && credentials.getName() != null) {
      Set<String> needed = keys.computeIfAbsent(credentials.getName(), n -> new TreeSet<>());
      needed.add(DesiredDeployment.accessKeyIdKey(credentials));
      needed.add(DesiredDeployment.secretAccessKeyKey(credentials));
    }
    AzureCredentials azure = Effective.storage(server).getAzure() == null ? null
        : Effective.storage(server).getAzure().getCredentialsSecret();
    if (azure != null && azure.getName() != null) {
      Set<String> needed = keys.computeIfAbsent(azure.getName(), n -> new TreeSet<>());
      needed.add(DesiredDeployment.accountNameKey(azure));
      needed.add(DesiredDeployment.accountKeyKey(azure));
    }
    GrpcHookWiring.secretKeys(server).forEach((name, needed) ->
        keys.computeIfAbsent(name, n -> new TreeSet<>()).addAll(needed));
    LockerWiring.secretKeys(server).forEach((name, needed) ->
        keys.computeIfAbsent(name, n -> new TreeSet<>()).addAll(needed));
    for (EnvVar env : extraEnv(server)) {
      if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null
          && !Boolean.TRUE.equals(env.getValueFrom().getSecretKeyRef().getOptional())) {
        keys.computeIfAbsent(env.getValueFrom().getSecretKeyRef().getName(), n -> new TreeSet<>())
            .add(env.getValueFrom().getSecretKeyRef().getKey());
      }
    }
    return keys;
  }

  /**
   * Names of the ConfigMaps a TusServer references.
   *
   * @param server the TusServer
   * @return names
   */
  public static Set<String> configMapNames(TusServer server) {
    Set<String> names = new TreeSet<>();
    FileHooks file = Effective.hooks(server).getFile();
    if (file != null && file.getConfigMapName() != null) {
      names.add(file.getConfigMapName());
    }
    for (EnvVar env : extraEnv(server)) {
      if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null
          && !Boolean.TRUE.equals(env.getValueFrom().getConfigMapKeyRef().getOptional())) {
        names.add(env.getValueFrom().getConfigMapKeyRef().getName());
      }
    }
    return names;
  }

  private static List<EnvVar> extraEnv(TusServer server) {
    List<EnvVar> env = Effective.settings(server).getEnv();
    return env == null ? List.of() : env;
  }

  /**
   * Resolves the references against cached objects.
   *
   * @param server the TusServer
   * @param secretLookup finds a Secret by name in the TusServer's namespace
   * @param configMapLookup finds a ConfigMap by name in the TusServer's namespace
   * @return the resolution
   */
  public static References resolve(TusServer server, Function<String, Optional<Secret>> secretLookup,
      Function<String, Optional<ConfigMap>> configMapLookup) {
    List<Secret> secrets = new ArrayList<>();
    List<ConfigMap> configMaps = new ArrayList<>();
    Problem problem = null;
    for (Map.Entry<String, Set<String>> entry : secretKeys(server).entrySet()) {
      Optional<Secret> secret = secretLookup.apply(entry.getKey());
      if (secret.isEmpty()) {
        problem = first(problem, new Problem(Reasons.SECRET_NOT_FOUND,
            "Secret " + entry.getKey() + " not found in namespace " + server.getMetadata().getNamespace()));
        continue;
      }
      for (String key : entry.getValue()) {
        if (!hasKey(secret.get(), key)) {
          problem = first(problem, new Problem(Reasons.SECRET_NOT_FOUND,
              "Secret " + entry.getKey() + " has no key " + key));
        }
      }
      secrets.add(secret.get());
    }
    for (String name : configMapNames(server)) {
      Optional<ConfigMap> configMap = configMapLookup.apply(name);
      if (configMap.isEmpty()) {
        problem = first(problem, new Problem(Reasons.CONFIG_MAP_NOT_FOUND,
            "ConfigMap " + name + " not found in namespace " + server.getMetadata().getNamespace()));
      } else {
        configMaps.add(configMap.get());
      }
    }
    return new References(secrets, configMaps, problem);
  }

  private static Problem first(Problem existing, Problem candidate) {
    return existing == null ? candidate : existing;
  }

  private static boolean hasKey(Secret secret, String key) {
    return (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
  }

  /**
   * Returns the resolved Secrets.
   *
   * @return Secrets that were found
   */
  public List<Secret> secrets() {
    return secrets;
  }

  /**
   * Returns the resolved ConfigMaps.
   *
   * @return ConfigMaps that were found
   */
  public List<ConfigMap> configMaps() {
    return configMaps;
  }

  /**
   * Returns the first missing reference.
   *
   * @return the problem, if any
   */
  public Optional<Problem> problem() {
    return Optional.ofNullable(problem);
  }
}
