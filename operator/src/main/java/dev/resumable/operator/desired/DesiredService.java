package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.ServiceSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Desired Service of a TusServer: the http port and, when metrics are on, the metrics port. */
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
    String type = service.getType() == null ? "ClusterIP" : service.getType();
    List<ServicePort> ports = new ArrayList<>();
    ports.add(new ServicePortBuilder().withName("http").withProtocol("TCP")
        .withPort(Effective.servicePort(server)).withTargetPort(new IntOrString("http"))
        .withNodePort("ClusterIP".equals(type) ? null : service.getNodePort())
        .build());
    if (Effective.metricsEnabled(server)) {
      ports.add(new ServicePortBuilder().withName("metrics").withProtocol("TCP")
          .withPort(Effective.metricsPort(server)).withTargetPort(new IntOrString("metrics")).build());
    }
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
