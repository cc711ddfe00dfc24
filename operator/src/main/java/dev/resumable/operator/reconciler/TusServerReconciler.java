package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.api.v1alpha1.TusServerStatus;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.config.OperatorSettings;
import dev.resumable.operator.dependent.AutoscalerDependent;
import dev.resumable.operator.dependent.AutoscalerPrecondition;
import dev.resumable.operator.dependent.DataClaimDependent;
import dev.resumable.operator.dependent.DataClaimPrecondition;
import dev.resumable.operator.dependent.DeploymentDependent;
import dev.resumable.operator.dependent.DisruptionBudgetDependent;
import dev.resumable.operator.dependent.DisruptionBudgetPrecondition;
import dev.resumable.operator.dependent.IngressDependent;
import dev.resumable.operator.dependent.IngressPrecondition;
import dev.resumable.operator.dependent.MetricsServiceDependent;
import dev.resumable.operator.dependent.MetricsServicePrecondition;
import dev.resumable.operator.dependent.OutboxClaimDependent;
import dev.resumable.operator.dependent.OutboxClaimPrecondition;
import dev.resumable.operator.dependent.PrometheusRuleApiActivation;
import dev.resumable.operator.dependent.PrometheusRuleDependent;
import dev.resumable.operator.dependent.PrometheusRulePrecondition;
import dev.resumable.operator.dependent.ServiceDependent;
import dev.resumable.operator.dependent.ServiceMonitorApiActivation;
import dev.resumable.operator.dependent.ServiceMonitorDependent;
import dev.resumable.operator.dependent.ServiceMonitorPrecondition;
import dev.resumable.operator.dependent.SigningKeySecretDependent;
import dev.resumable.operator.dependent.WorkflowInputs;
import dev.resumable.operator.desired.Effective;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a TusServer. The workflow is invoked explicitly: the spec is validated and every referenced Secret and
 * ConfigMap resolved first, and only a valid, complete spec reaches the dependents (an invalid edit or a missing
 * Secret leaves the running server untouched and is reported in the conditions). Status is written only when it
 * changed.
 */
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
    @Dependent(name = SigningKeySecretDependent.NAME, type = SigningKeySecretDependent.class),
    @Dependent(name = DataClaimDependent.NAME, type = DataClaimDependent.class,
        reconcilePrecondition = DataClaimPrecondition.class),
    @Dependent(name = OutboxClaimDependent.NAME, type = OutboxClaimDependent.class,
        reconcilePrecondition = OutboxClaimPrecondition.class),
    @Dependent(name = DeploymentDependent.NAME, type = DeploymentDependent.class,
        dependsOn = SigningKeySecretDependent.NAME),
    @Dependent(name = ServiceDependent.NAME, type = ServiceDependent.class),
    @Dependent(name = MetricsServiceDependent.NAME, type = MetricsServiceDependent.class,
        reconcilePrecondition = MetricsServicePrecondition.class),
    @Dependent(name = IngressDependent.NAME, type = IngressDependent.class,
        reconcilePrecondition = IngressPrecondition.class),
    @Dependent(name = DisruptionBudgetDependent.NAME, type = DisruptionBudgetDependent.class,
        reconcilePrecondition = DisruptionBudgetPrecondition.class),
    @Dependent(name = AutoscalerDependent.NAME, type = AutoscalerDependent.class,
        reconcilePrecondition = AutoscalerPrecondition.class),
    @Dependent(name = ServiceMonitorDependent.NAME, type = ServiceMonitorDependent.class,
        reconcilePrecondition = ServiceMonitorPrecondition.class,
        activationCondition = ServiceMonitorApiActivation.class),
    @Dependent(name = PrometheusRuleDependent.NAME, type = PrometheusRuleDependent.class,
        reconcilePrecondition = PrometheusRulePrecondition.class,
        activationCondition = PrometheusRuleApiActivation.class)
})
@ControllerConfiguration(name = TusServerReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrPauseChangedFilter.class),
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class TusServerReconciler implements Reconciler<TusServer> {

  /** Controller name. */
  public static final String NAME = "tusserver";
  /** Event source of the Secrets TusServers reference. */
  public static final String REFERENCED_SECRETS = "referenced-secrets";
  /** Event source of the ConfigMaps TusServers reference. */
  public static final String REFERENCED_CONFIG_MAPS = "referenced-configmaps";

  private static final Logger LOG = LoggerFactory.getLogger(TusServerReconciler.class);
  private static final String SECRET_INDEX = "secret-refs";
  private static final String CONFIG_MAP_INDEX = "configmap-refs";
  private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(30);
  private static final Duration RETRY_AFTER_CONFLICT = Duration.ofSeconds(1);
  private static final Duration MISSING_REFERENCE_POLL = Duration.ofSeconds(5);
  private static final Duration UPGRADE_QUEUE_POLL = Duration.ofSeconds(5);
  private static final int MAX_MESSAGE = 300;

  private final OperatorSettings settings;
  private final ApiDiscovery discovery;
  private final Clock clock;
  private final EventRecorder events;
  private final RolloutGate rolloutGate = new RolloutGate();

  /**
   * Creates the reconciler.
   *
   * @param settings operator settings (default image)
   * @param discovery API discovery (ServiceMonitor)
   * @param clock clock for condition times
   */
  public TusServerReconciler(OperatorSettings settings, ApiDiscovery discovery, Clock clock) {
    this.settings = settings;
    this.discovery = discovery;
    this.clock = clock;
    this.events = new EventRecorder(clock);
  }

  @Override
  public List<EventSource<?, TusServer>> prepareEventSources(EventSourceContext<TusServer> context) {
    context.getPrimaryCache().addIndexer(SECRET_INDEX,
        server -> keys(server, References.secretKeys(server).keySet()));
    context.getPrimaryCache().addIndexer(CONFIG_MAP_INDEX,
        server -> keys(server, References.configMapNames(server)));
    InformerEventSource<Secret, TusServer> secrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, TusServer.class)
            .withName(REFERENCED_SECRETS)
            .withLabelSelector(References.WATCH_SELECTOR)
            .withSecondaryToPrimaryMapper(secret -> referrers(context, SECRET_INDEX, secret))
            .withPrimaryToSecondaryMapper((TusServer server) -> ids(server, References.secretKeys(server).keySet()))
            .build(),
        context);
    InformerEventSource<ConfigMap, TusServer> configMaps = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(ConfigMap.class, TusServer.class)
            .withName(REFERENCED_CONFIG_MAPS)
            .withLabelSelector(References.WATCH_SELECTOR)
            .withSecondaryToPrimaryMapper(configMap -> referrers(context, CONFIG_MAP_INDEX, configMap))
            .withPrimaryToSecondaryMapper((TusServer server) -> ids(server, References.configMapNames(server)))
            .build(),
        context);
    return List.of(secrets, configMaps);
  }

  private static List<String> keys(TusServer server, Collection<String> names) {
    return names.stream().map(name -> server.getMetadata().getNamespace() + "/" + name).collect(Collectors.toList());
  }

  private static Set<ResourceID> ids(TusServer server, Collection<String> names) {
    return names.stream().map(name -> new ResourceID(name, server.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  private static Set<ResourceID> referrers(EventSourceContext<TusServer> context, String index, HasMetadata object) {
    String key = object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    return context.getPrimaryCache().byIndex(index, key).stream().map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<TusServer> reconcile(TusServer server, Context<TusServer> context) {
    if (server.isPaused()) {
      LOG.info("TusServer {}/{} is paused ({}=true): not reconciling", server.getMetadata().getNamespace(),
          server.getMetadata().getName(), TusServer.PAUSED_ANNOTATION);
      return UpdateControl.noUpdate();
    }
    Optional<Problem> invalid = SpecValidator.validate(server);
    if (invalid.isPresent()) {
      LOG.warn("TusServer {} not reconciled: {}", server.getMetadata().getName(), invalid.get());
      return writeStatus(server, context, invalid.get(), List.of(), null, false);
    }
    String namespace = server.getMetadata().getNamespace();
    References references = References.resolve(server,
        name -> referenced(context, Secret.class, REFERENCED_SECRETS, name, namespace),
        name -> referenced(context, ConfigMap.class, REFERENCED_CONFIG_MAPS, name, namespace));
    if (references.problem().isPresent()) {
      LOG.warn("TusServer {} not reconciled: {}", server.getMetadata().getName(), references.problem().get());
      // a missing object is not labelled yet, so no informer event announces it: look again soon
      return writeStatus(server, context, references.problem().get(), List.of(), null, false)
          .rescheduleAfter(MISSING_REFERENCE_POLL);
    }
    boolean serviceMonitorApi = discovery.serviceMonitorAvailable();
    boolean prometheusRuleApi = discovery.prometheusRuleAvailable();
    Optional<Problem> notExpandable = ClaimExpansion.check(server,
        context.getSecondaryResource(PersistentVolumeClaim.class, DataClaimDependent.NAME).orElse(null),
        context.getClient());
    RolloutGate.Decision image = rolloutGate.decide(server, settings.defaultImage(),
        context.getSecondaryResource(Deployment.class).orElse(null),
        context.getPrimaryCache().list(namespace).toList(), peer -> cachedDeployment(context, peer));
    String upgradeQueued = image.waitingFor().map(other -> "the operator's new default image "
        + settings.defaultImage() + " waits until TusServer " + other + " has rolled out to it").orElse(null);
    if (upgradeQueued != null) {
      LOG.info("TusServer {}/{}: {}", namespace, server.getMetadata().getName(), upgradeQueued);
    }
    new WorkflowInputs(image.image(), references.secrets(), references.configMaps(), serviceMonitorApi,
        notExpandable.isEmpty(), prometheusRuleApi).putInto(context);
    WorkflowReconcileResult result = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();

    List<Problem> degradations = new ArrayList<>();
    notExpandable.ifPresent(degradations::add);
    if (Effective.serviceMonitorWanted(server) && !serviceMonitorApi) {
      degradations.add(new Problem(Reasons.SERVICE_MONITOR_API_UNAVAILABLE,
          "metrics.serviceMonitor.enabled is true but the monitoring.coreos.com/v1 ServiceMonitor API is not"
              + " served; install the Prometheus Operator or disable it"));
    }
    if (Effective.prometheusRuleWanted(server) && !prometheusRuleApi) {
      degradations.add(new Problem(Reasons.PROMETHEUS_RULE_API_UNAVAILABLE,
          "metrics.prometheusRule.enabled is true but the monitoring.coreos.com/v1 PrometheusRule API is not"
              + " served; install the Prometheus Operator or disable it"));
    }
    boolean conflicted = false;
    for (var entry : result.getErroredDependents().entrySet()) {
      if (isConflict(entry.getValue())) {
        // another writer (or our stale cache) got in between: not a fault, try again with a fresh read
        LOG.info("TusServer {}: {} changed while being written (409); retrying", server.getMetadata().getName(),
            entry.getKey().name());
        conflicted = true;
        continue;
      }
      LOG.warn("TusServer {}: dependent {} failed", server.getMetadata().getName(), entry.getKey().name(),
          entry.getValue());
      degradations.add(new Problem(Reasons.RECONCILE_ERROR,
          truncate(entry.getKey().name() + ": " + entry.getValue().getMessage())));
    }
    UpdateControl<TusServer> control = writeStatus(server, context, null, degradations, upgradeQueued,
        !degradations.stream().filter(p -> Reasons.RECONCILE_ERROR.equals(p.reason())).toList().isEmpty());
    if (conflicted) {
      return control.rescheduleAfter(RETRY_AFTER_CONFLICT);
    }
    // the other TusServer's rollout does not trigger this one: look again soon
    return upgradeQueued != null ? control.rescheduleAfter(UPGRADE_QUEUE_POLL) : control;
  }

  private static boolean isConflict(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException client && client.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return true;
      }
    }
    return false;
  }

  /**
   * A referenced Secret or ConfigMap: from the informer, which caches only objects labelled
   * {@link References#WATCH_LABEL}; else read once with GET and labelled, so the informer sees its changes from
   * then on. Nothing but the label is ever written to a user's object.
   */
  private static <R extends HasMetadata> Optional<R> referenced(Context<TusServer> context, Class<R> type,
      String eventSource, String name, String namespace) {
    InformerEventSource<?, TusServer> source =
        (InformerEventSource<?, TusServer>) context.eventSourceRetriever().getEventSourceFor(type, eventSource);
    Optional<R> cached = source.get(new ResourceID(name, namespace)).map(type::cast);
    if (cached.isPresent()) {
      return cached;
    }
    R fetched = context.getClient().resources(type).inNamespace(namespace).withName(name).get();
    if (fetched == null) {
      return Optional.empty();
    }
    LOG.info("labelling {} {}/{} {}=true so that its changes are watched", type.getSimpleName(), namespace, name,
        References.WATCH_LABEL);
    context.getClient().resources(type).inNamespace(namespace).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"" + References.WATCH_LABEL + "\":\"true\"}}}");
    return Optional.of(fetched);
  }

  /** A TusServer's Deployment from the informer cache (the dependent's event source), or null. */
  private static Deployment cachedDeployment(Context<TusServer> context, TusServer peer) {
    ResourceID id = new ResourceID(Names.workload(peer), peer.getMetadata().getNamespace());
    for (EventSource<Deployment, TusServer> source : context.eventSourceRetriever()
        .getEventSourcesFor(Deployment.class)) {
      if (source instanceof InformerEventSource<Deployment, TusServer> informer) {
        Optional<Deployment> cached = informer.get(id);
        if (cached.isPresent()) {
          return cached.get();
        }
      }
    }
    return null;
  }

  private UpdateControl<TusServer> writeStatus(TusServer server, Context<TusServer> context, Problem blocking,
      List<Problem> degradations, String upgradeQueued, boolean retry) {
    Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
    TusServerStatus next = StatusCalculator.compute(server, deployment, blocking, degradations, upgradeQueued,
        clock);
    var serialization = context.getClient().getKubernetesSerialization();
    boolean unchanged = Objects.equals(serialization.asJson(next),
        server.getStatus() == null ? null : serialization.asJson(server.getStatus()));
    UpdateControl<TusServer> control;
    if (unchanged) {
      control = UpdateControl.noUpdate();
    } else {
      events.conditionsChanged(context.getClient(), server,
          server.getStatus() == null ? null : server.getStatus().getConditions(), next.getConditions());
      server.setStatus(next);
      control = UpdateControl.patchStatus(server);
    }
    return retry ? control.rescheduleAfter(RETRY_AFTER_ERROR) : control;
  }

  private static String truncate(String message) {
    String text = message == null ? "" : message;
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
  }
}
