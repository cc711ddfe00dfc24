package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.monitoring.ServiceMonitor;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the ServiceMonitor and PrometheusRule APIs are served, through API discovery ({@code /apis/monitoring.coreos.com/v1}),
 * which every authenticated user may read: no access to CustomResourceDefinitions is needed. The answer is cached
 * for a minute, so installing the Prometheus Operator later is picked up without a restart.
 */
public class ApiDiscovery {

  private static final Logger LOG = LoggerFactory.getLogger(ApiDiscovery.class);
  private static final Duration TTL = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final Clock clock;
  private Set<String> served;
  private Instant checkedAt = Instant.MIN;

  /**
   * Creates the discovery helper.
   *
   * @param client the client
   * @param clock clock for the cache
   */
  public ApiDiscovery(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Tells whether monitoring.coreos.com/v1 serves servicemonitors.
   *
   * @return true when available
   */
  public boolean serviceMonitorAvailable() {
    return served().contains(ServiceMonitor.PLURAL);
  }

  /**
   * Tells whether monitoring.coreos.com/v1 serves prometheusrules.
   *
   * @return true when available
   */
  public boolean prometheusRuleAvailable() {
    return served().contains(PrometheusRule.PLURAL);
  }

  private synchronized Set<String> served() {
    Instant now = clock.instant();
    if (served == null || checkedAt.plus(TTL).isBefore(now)) {
      served = lookUp();
      checkedAt = now;
    }
    return served;
  }

  private Set<String> lookUp() {
    try {
      APIResourceList resources =
          client.getApiResources(ServiceMonitor.GROUP + "/" + ServiceMonitor.VERSION);
      if (resources == null || resources.getResources() == null) {
        return Set.of();
      }
      return resources.getResources().stream().map(APIResource::getName).collect(Collectors.toUnmodifiableSet());
    } catch (KubernetesClientException e) {
      LOG.warn("API discovery of {} failed: {}", ServiceMonitor.GROUP, e.getMessage());
      return Set.of();
    }
  }
}
