package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.api.v1alpha1.TusServerStatus;
import dev.resumable.operator.conditions.ConditionSet;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.desired.DesiredIngress;
import dev.resumable.operator.desired.Effective;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Computes a TusServer's status from its spec, its Deployment and what went wrong. A pure function. */
public final class StatusCalculator {

  private StatusCalculator() {
  }

  /**
   * Computes the status.
   *
   * @param server the TusServer (its current status supplies the previous conditions)
   * @param deployment the Deployment as last observed, or null
   * @param blocking a problem that stopped reconciliation (invalid spec, missing Secret), or null
   * @param degradations problems that leave the server running (ServiceMonitor API missing, a dependent failing)
   * @param clock clock for condition transition times
   * @return the new status
   */
  public static TusServerStatus compute(TusServer server, Deployment deployment, Problem blocking,
      List<Problem> degradations, Clock clock) {
    return compute(server, deployment, blocking, degradations, null, clock);
  }

  /**
   * Computes the status of a TusServer whose upgrade to the operator's new default image may be held back.
   *
   * @param server the TusServer (its current status supplies the previous conditions)
   * @param deployment the Deployment as last observed, or null
   * @param blocking a problem that stopped reconciliation, or null
   * @param degradations problems that leave the server running
   * @param upgradeQueued why the upgrade to the new default image waits (see {@link RolloutGate}), or null
   * @param clock clock for condition transition times
   * @return the new status
   */
  public static TusServerStatus compute(TusServer server, Deployment deployment, Problem blocking,
      List<Problem> degradations, String upgradeQueued, Clock clock) {
    TusServerStatus previous = server.getStatus();
    TusServerStatus status = new TusServerStatus();
    status.setObservedGeneration(server.getMetadata().getGeneration());
    DeploymentStatus observed = deployment == null || deployment.getStatus() == null ? null : deployment.getStatus();
    status.setReplicas(observed == null ? 0 : zeroIfNull(observed.getReplicas()));
    status.setReadyReplicas(observed == null ? 0 : zeroIfNull(observed.getReadyReplicas()));
    status.setDesiredReplicas(Effective.deploymentReplicas(server));
    status.setImage(RolloutGate.image(deployment));
    status.setSelector(selector(server));
    status.setUrl(url(server));
    status.setExternalUrl(Effective.ingressWanted(server) && server.getSpec().getIngress().getHost() != null
        ? DesiredIngress.externalUrl(server) : null);
    status.setHookSigningKeySecret(Names.signingKeySecret(server));

    ConditionSet conditions = new ConditionSet(previous == null ? null : previous.getConditions(),
        server.getMetadata().getGeneration(), clock);
    if (blocking != null) {
      conditions.set(Reasons.READY, false, blocking.reason(), blocking.message());
      conditions.set(Reasons.PROGRESSING, false, blocking.reason(), "reconciliation is stopped until this is fixed");
      conditions.set(Reasons.DEGRADED, true, blocking.reason(), blocking.message());
      status.setConditions(conditions.build());
      return status;
    }
    int desired = Effective.deploymentReplicas(server);
    boolean rolledOut = rolledOut(deployment, desired);
    int ready = status.getReadyReplicas();
    if (rolledOut) {
      conditions.set(Reasons.READY, true, desired == 0 ? Reasons.SCALED_TO_ZERO : Reasons.AVAILABLE,
          ready + "/" + desired + " replicas ready");
      if (upgradeQueued != null) {
        conditions.set(Reasons.PROGRESSING, true, Reasons.UPGRADE_QUEUED, upgradeQueued);
      } else {
        conditions.set(Reasons.PROGRESSING, false, Reasons.ROLLOUT_COMPLETE, "the Deployment is rolled out");
      }
    } else {
      conditions.set(Reasons.READY, false, Reasons.ROLLING_OUT, ready + "/" + desired + " replicas ready");
      conditions.set(Reasons.PROGRESSING, true, Reasons.ROLLING_OUT, "waiting for the Deployment to roll out");
    }
    if (degradations.isEmpty()) {
      conditions.set(Reasons.DEGRADED, false, Reasons.AS_EXPECTED, "");
    } else {
      Problem first = degradations.get(0);
      conditions.set(Reasons.DEGRADED, true, first.reason(),
          degradations.stream().map(Problem::message).collect(Collectors.joining("; ")));
    }
    status.setConditions(conditions.build());
    return status;
  }

  static boolean rolledOut(Deployment deployment, int desired) {
    if (deployment == null) {
      return false;
    }
    DeploymentStatus observed = deployment.getStatus();
    if (observed == null) {
      return desired == 0;
    }
    Long generation = deployment.getMetadata().getGeneration();
    boolean current = generation == null || observed.getObservedGeneration() == null
        || observed.getObservedGeneration() >= generation;
    return current
        && zeroIfNull(observed.getUpdatedReplicas()) >= desired
        && zeroIfNull(observed.getReadyReplicas()) >= desired
        && zeroIfNull(observed.getReplicas()) <= desired;
  }

  private static int zeroIfNull(Integer value) {
    return value == null ? 0 : value;
  }

  /**
   * The label selector of the server pods, as kubectl scale and the HorizontalPodAutoscaler read it.
   *
   * @param server the TusServer
   * @return e.g. {@code app.kubernetes.io/instance=demo,app.kubernetes.io/name=tus-server}
   */
  public static String selector(TusServer server) {
    Map<String, String> sorted = new TreeMap<>(Names.selectorLabels(server));
    return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /**
   * The in-cluster upload URL.
   *
   * @param server the TusServer
   * @return e.g. {@code http://demo.uploads.svc/files/}
   */
  public static String url(TusServer server) {
    int port = Effective.servicePort(server);
    return "http://" + Names.workload(server) + "." + Objects.requireNonNullElse(
        server.getMetadata().getNamespace(), "default") + ".svc" + (port == 80 ? "" : ":" + port)
        + Effective.basePath(server);
  }
}
