package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.monitoring.ServiceMonitor;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the ServiceMonitor API is served, through API discovery ({@code /apis/monitoring.coreos.com/v1}),
 * which every authenticated user may read: no access to CustomResourceDefinitions is needed. The answer is cached
 * for a minute, so installing the Prometheus Operator later is picked up without a restart.
 */
public class ApiDiscovery {

  private static final Logger LOG = LoggerFactory.getLogger(ApiDiscovery.class);
  private static final Duration TTL = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final Clock clock;
  private Boolean serviceMonitorAvailable;
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
  public synchronized boolean serviceMonitorAvailable() {
    Instant now = clock.instant();
    if (serviceMonitorAvailable == null || checkedAt.plus(TTL).isBefore(now)) {
      serviceMonitorAvailable = lookUp();
      checkedAt = now;
    }
    return serviceMonitorAvailable;
  }

  private boolean lookUp() {
    try {
      APIResourceList resources =
          client.getApiResources(ServiceMonitor.GROUP + "/" + ServiceMonitor.VERSION);
      return resources != null && resources.getResources() != null && resources.getResources().stream()
          .anyMatch(r -> ServiceMonitor.PLURAL.equals(r.getName()));
    } catch (KubernetesClientException e) {
      LOG.warn("API discovery of {} failed: {}", ServiceMonitor.GROUP, e.getMessage());
      return false;
    }
  }
}
