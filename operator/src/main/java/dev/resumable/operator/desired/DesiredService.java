package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.ServiceSpec;
import dev.resumable.operator.api.v1alpha1.ServiceType;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Desired Service of a TusServer: the tus endpoint only. The metrics port is on a separate ClusterIP Service
 * ({@link DesiredMetricsService}), so a LoadBalancer or NodePort type never publishes {@code /metrics}.
 */
public final class DesiredService {

  private DesiredService() {
  }

  /**
   * Builds the desired Service.
   *
   * @param server the TusServer
   * @return the Service
   */
  public static Service build(TusServer server) {
    ServiceSpec service = Effective.service(server);
    String type = service.getType() == null ? ServiceType.CLUSTER_IP.value() : service.getType().value();
    List<ServicePort> ports = new ArrayList<>();
    ports.add(new ServicePortBuilder().withName("http").withProtocol("TCP")
        .withPort(Effective.servicePort(server)).withTargetPort(new IntOrString("http"))
        .withNodePort("ClusterIP".equals(type) ? null : service.getNodePort())
        .build());
    return new ServiceBuilder()
        .withNewMetadata()
          .withName(Names.workload(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
          .withAnnotations(service.getAnnotations() == null ? new LinkedHashMap<>()
              : new LinkedHashMap<>(service.getAnnotations()))
        .endMetadata()
        .withNewSpec()
          .withType(type)
          .withSelector(Names.selectorLabels(server))
          .withPorts(ports)
        .endSpec()
        .build();
  }
}
