package dev.resumable.operator;

import dev.resumable.operator.config.OperatorSettings;
import dev.resumable.operator.reconciler.ApiDiscovery;
import dev.resumable.operator.reconciler.TusServerReconciler;
import dev.resumable.operator.runtime.Leadership;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;

/**
 * Builds the operator exactly as it ships; the tests use this same factory against the Fabric8 mock server.
 *
 * <p>Server-side apply is off for dependents and for the status patch: dependents are matched by JOSDK's generic
 * matcher and written with update (PUT with resourceVersion), and the status is written with a JSON patch. This is
 * the path the tests run (the mock server has no server-side apply), and it is also what keeps steady state at zero
 * writes: the matcher ignores fields the API server defaults.
 */
public final class TusOperator {

  private TusOperator() {
  }

  /**
   * Creates an operator with the TusServer controller registered, not yet started.
   *
   * @param client the Kubernetes client (not closed when the operator stops)
   * @param settings the operator settings
   * @param metrics JOSDK metrics, e.g. Micrometer; {@link Metrics#NOOP} for none
   * @return the operator
   */
  public static Operator create(KubernetesClient client, OperatorSettings settings, Metrics metrics) {
    return create(client, settings, metrics,
        settings.leaderElectionNamespace() == null ? Leadership.single() : Leadership.elected());
  }

  /**
   * Creates an operator whose leadership is reported to {@code leadership}.
   *
   * @param client the Kubernetes client (not closed when the operator stops)
   * @param settings the operator settings
   * @param metrics JOSDK metrics, e.g. Micrometer; {@link Metrics#NOOP} for none
   * @param leadership receives the Lease callbacks (use {@link Leadership#single()} without leader election)
   * @return the operator
   */
  public static Operator create(KubernetesClient client, OperatorSettings settings, Metrics metrics,
      Leadership leadership) {
    Operator operator = new Operator(overrider -> {
      overrider.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withMetrics(metrics);
      if (settings.leaderElectionNamespace() != null) {
        overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME,
            settings.leaderElectionNamespace(), LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
            LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
            LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, settings.identity(), leadership.callbacks(),
            settings.exitOnLostLeadership()));
      }
    });
    TusServerReconciler reconciler =
        new TusServerReconciler(settings, new ApiDiscovery(client, Clock.systemUTC()), Clock.systemUTC());
    operator.register(reconciler, overrider -> {
      if (settings.watchNamespaces().isEmpty()) {
        overrider.watchingAllNamespaces();
      } else {
        overrider.settingNamespaces(settings.watchNamespaces());
      }
    });
    return operator;
  }
}
