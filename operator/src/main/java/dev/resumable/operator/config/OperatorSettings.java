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
 *   <li>{@code POD_NAME} (else {@code HOSTNAME}): this replica's identity in the Lease;</li>
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
  private final String identity;
  private final boolean exitOnLostLeadership;

  /**
   * Creates settings.
   *
   * @param defaultImage server image used when a TusServer names none
   * @param watchNamespaces namespaces to watch; empty means all
   * @param leaderElectionNamespace namespace of the Lease, or null to run without leader election
   * @param httpPort port of the operator's own metrics and health endpoints
   * @param identity this replica's holder identity in the Lease (unique per pod), or null for a random one
   * @param exitOnLostLeadership whether the process exits when it loses the Lease (true in production: a replica
   *     that lost the Lease must not write anything more; embedded tests run several operators in one JVM)
   */
  public OperatorSettings(String defaultImage, Set<String> watchNamespaces, String leaderElectionNamespace,
      int httpPort, String identity, boolean exitOnLostLeadership) {
    this.defaultImage = Objects.requireNonNull(defaultImage);
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    this.leaderElectionNamespace = leaderElectionNamespace;
    this.httpPort = httpPort;
    this.identity = identity;
    this.exitOnLostLeadership = exitOnLostLeadership;
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
    String identity = blankToNull(env.get("POD_NAME"));
    return new OperatorSettings(image == null ? BUILT_IN_DEFAULT_IMAGE : image, watched,
        blankToNull(env.get("LEADER_ELECTION_NAMESPACE")), port == null ? 8080 : Integer.parseInt(port),
        identity == null ? blankToNull(env.get("HOSTNAME")) : identity, true);
  }

  /**
   * Settings for tests and embedding: the built-in image, all namespaces, no leader election.
   *
   * @return default settings
   */
  public static OperatorSettings defaults() {
    return new OperatorSettings(BUILT_IN_DEFAULT_IMAGE, Set.of(), null, 8080, null, true);
  }

  /**
   * A copy with other watched namespaces.
   *
   * @param namespaces namespaces to watch; empty means all
   * @return new settings
   */
  public OperatorSettings watching(Set<String> namespaces) {
    return new OperatorSettings(defaultImage, namespaces, leaderElectionNamespace, httpPort, identity,
        exitOnLostLeadership);
  }

  /**
   * A copy with leader election in a namespace, for embedding several operators in one JVM (no exit on a lost
   * Lease).
   *
   * @param namespace Lease namespace
   * @param holderIdentity this replica's identity
   * @return new settings
   */
  public OperatorSettings electingLeaderIn(String namespace, String holderIdentity) {
    return new OperatorSettings(defaultImage, watchNamespaces, namespace, httpPort, holderIdentity, false);
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

  /**
   * Returns this replica's Lease holder identity.
   *
   * @return the identity, or null for a random one
   */
  public String identity() {
    return identity;
  }

  /**
   * Tells whether losing the Lease ends the process.
   *
   * @return true in production
   */
  public boolean exitOnLostLeadership() {
    return exitOnLostLeadership;
  }
}
