package dev.resumable.operator.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator process's configuration, read from environment variables.
 *
 * <ul>
 *   <li>{@code TUS_OPERATOR_DEFAULT_IMAGE}: server image for TusServers that name none;</li>
 *   <li>{@code WATCH_NAMESPACES}: comma-separated namespaces to watch; empty or absent watches all;</li>
 *   <li>{@code LEADER_ELECTION_NAMESPACE}: namespace of the leader-election Lease; absent disables election;</li>
 *   <li>{@code OPERATOR_HTTP_PORT}: port of the operator's /metrics, /healthz and /readyz (default 8080).</li>
 * </ul>
 */
public final class OperatorSettings {

  /** Image used when neither the TusServer nor the environment names one. */
  public static final String BUILT_IN_DEFAULT_IMAGE = "resumable/tus-server:0.1.0";
  /** Name of the leader-election Lease. */
  public static final String LEASE_NAME = "tus-operator-leader";

  private final String defaultImage;
  private final Set<String> watchNamespaces;
  private final String leaderElectionNamespace;
  private final int httpPort;

  /**
   * Creates settings.
   *
   * @param defaultImage server image used when a TusServer names none
   * @param watchNamespaces namespaces to watch; empty means all
   * @param leaderElectionNamespace namespace of the Lease, or null to run without leader election
   * @param httpPort port of the operator's own metrics and health endpoints
   */
  public OperatorSettings(String defaultImage, Set<String> watchNamespaces, String leaderElectionNamespace,
      int httpPort) {
    this.defaultImage = Objects.requireNonNull(defaultImage);
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    this.leaderElectionNamespace = leaderElectionNamespace;
    this.httpPort = httpPort;
  }

  /**
   * Reads settings from environment variables.
   *
   * @param env the environment, usually {@link System#getenv()}
   * @return the settings
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String image = blankToNull(env.get("TUS_OPERATOR_DEFAULT_IMAGE"));
    String namespaces = env.getOrDefault("WATCH_NAMESPACES", "");
    Set<String> watched = Arrays.stream(namespaces.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    String port = blankToNull(env.get("OPERATOR_HTTP_PORT"));
    return new OperatorSettings(image == null ? BUILT_IN_DEFAULT_IMAGE : image, watched,
        blankToNull(env.get("LEADER_ELECTION_NAMESPACE")), port == null ? 8080 : Integer.parseInt(port));
  }

  /**
   * Settings for tests and embedding: the built-in image, all namespaces, no leader election.
   *
   * @return default settings
   */
  public static OperatorSettings defaults() {
    return new OperatorSettings(BUILT_IN_DEFAULT_IMAGE, Set.of(), null, 8080);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * Returns the default server image.
   *
   * @return the image reference
   */
  public String defaultImage() {
    return defaultImage;
  }

  /**
   * Returns the watched namespaces.
   *
   * @return the namespaces; empty means all
   */
  public Set<String> watchNamespaces() {
    return watchNamespaces;
  }

  /**
   * Returns the Lease namespace.
   *
   * @return the namespace, or null when leader election is off
   */
  public String leaderElectionNamespace() {
    return leaderElectionNamespace;
  }

  /**
   * Returns the port of the metrics and health endpoints.
   *
   * @return the port
   */
  public int httpPort() {
    return httpPort;
  }
}
