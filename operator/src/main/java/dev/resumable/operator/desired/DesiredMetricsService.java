package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.LinkedHashMap;

/**
 * Desired metrics Service of a TusServer: always ClusterIP, only the metrics port. Prometheus (or a ServiceMonitor)
 * scrapes it inside the cluster; whatever type the tus Service has, {@code /metrics} is never exposed with it.
 */
public final class DesiredMetricsService {

  private DesiredMetricsService() {
  }

  /**
   * Builds the desired metrics Service.
   *
   * @param server the TusServer
   * @return the Service
   */
  public static Service build(TusServer server) {
    return new ServiceBuilder()
        .withNewMetadata()
          .withName(Names.metricsService(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.metricsServiceLabels(server))
          .withAnnotations(new LinkedHashMap<>())
        .endMetadata()
        .withNewSpec()
          .withType("ClusterIP")
          .withSelector(Names.selectorLabels(server))
          .addToPorts(new ServicePortBuilder().withName("metrics").withProtocol("TCP")
              .withPort(Effective.metricsPort(server)).withTargetPort(new IntOrString("metrics")).build())
        .endSpec()
        .build();
  }
}
