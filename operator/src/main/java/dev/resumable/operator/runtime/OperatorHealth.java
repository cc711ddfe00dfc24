package dev.resumable.operator.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * What {@code /readyz} and {@code /healthz} answer.
 *
 * <ul>
 *   <li>Ready: this replica leads (holds the Lease, or runs without election), the operator has started and every
 *       informer is healthy. A standby replica is deliberately not ready: the Ready pod is the one that reconciles,
 *       and a replica that cannot get the Lease (e.g. missing RBAC) never turns ready, so a rollout stops there.</li>
 *   <li>Live: false only when this replica leads and its informers have been unhealthy for longer than
 *       {@code unhealthyGrace} (a watch that cannot recover; a restart re-lists). A standby is live: it waits for
 *       the Lease.</li>
 * </ul>
 */
public final class OperatorHealth {

  private final Leadership leadership;
  private final BooleanSupplier started;
  private final BooleanSupplier informersHealthy;
  private final Clock clock;
  private final Duration unhealthyGrace;
  private Instant unhealthySince;

  /**
   * Creates the health view.
   *
   * @param leadership this replica's leadership
   * @param started whether the operator has started
   * @param informersHealthy whether every event source is healthy (asked only while leading and started)
   * @param clock clock
   * @param unhealthyGrace how long a leader may have unhealthy informers before liveness fails
   */
  public OperatorHealth(Leadership leadership, BooleanSupplier started, BooleanSupplier informersHealthy,
      Clock clock, Duration unhealthyGrace) {
    this.leadership = leadership;
    this.started = started;
    this.informersHealthy = informersHealthy;
    this.clock = clock;
    this.unhealthyGrace = unhealthyGrace;
  }

  /**
   * Readiness.
   *
   * @return true when this replica leads and works
   */
  public synchronized boolean ready() {
    return leadership.isLeader() && working();
  }

  /**
   * Liveness.
   *
   * @return false when a leader's informers stayed unhealthy beyond the grace period
   */
  public synchronized boolean live() {
    if (!leadership.isLeader() || working()) {
      unhealthySince = null;
      return true;
    }
    Instant now = clock.instant();
    if (unhealthySince == null) {
      unhealthySince = now;
    }
    return Duration.between(unhealthySince, now).compareTo(unhealthyGrace) < 0;
  }

  private boolean working() {
    try {
      return started.getAsBoolean() && informersHealthy.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
