package dev.resumable.operator.runtime;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica holds the leader-election Lease. Without leader election a replica always leads. Exposed as
 * the gauge {@value #METRIC} (1 leading, 0 standing by) and used by {@link OperatorHealth}.
 */
public final class Leadership {

  /** Micrometer name of the gauge; Prometheus renders it as {@code tus_operator_leader}. */
  public static final String METRIC = "tus.operator.leader";

  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final AtomicBoolean leading;
  private final AtomicReference<String> leader = new AtomicReference<>();

  private Leadership(boolean leading) {
    this.leading = new AtomicBoolean(leading);
  }

  /**
   * Leadership decided by a Lease: standing by until the Lease is acquired.
   *
   * @return a new instance
   */
  public static Leadership elected() {
    return new Leadership(false);
  }

  /**
   * The only replica: always leading.
   *
   * @return a new instance
   */
  public static Leadership single() {
    return new Leadership(true);
  }

  /**
   * Callbacks for the leader elector.
   *
   * @return the callbacks
   */
  public LeaderCallbacks callbacks() {
    return new LeaderCallbacks(() -> {
      LOG.info("acquired the leader-election Lease: reconciling");
      leading.set(true);
    }, () -> {
      LOG.warn("lost the leader-election Lease");
      leading.set(false);
    }, identity -> {
      LOG.info("leader is now {}", identity);
      leader.set(identity);
    });
  }

  /**
   * Tells whether this replica leads.
   *
   * @return true while holding the Lease (always without leader election)
   */
  public boolean isLeader() {
    return leading.get();
  }

  /**
   * The current leader's identity as last observed.
   *
   * @return the identity, or null when not known yet
   */
  public String leader() {
    return leader.get();
  }

  /**
   * Registers the {@value #METRIC} gauge.
   *
   * @param registry the registry
   */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(METRIC, leading, value -> value.get() ? 1 : 0)
        .description("1 when this operator replica holds the leader-election Lease and reconciles, 0 on standby")
        .register(registry);
  }
}
