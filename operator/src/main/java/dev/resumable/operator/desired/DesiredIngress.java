package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.IngressSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Desired Ingress for ingress-nginx: request buffering off (uploads stream straight to the server, so resuming
 * works) and no body-size limit (the server enforces -max-size).
 */
public final class DesiredIngress {

  /** Annotations the operator always sets for ingress-nginx. */
  public static final Map<String, String> NGINX_ANNOTATIONS = Map.of(
      "nginx.ingress.kubernetes.io/proxy-body-size", "0",
      "nginx.ingress.kubernetes.io/proxy-request-buffering", "off",
      "nginx.ingress.kubernetes.io/proxy-buffering", "off");

  private DesiredIngress() {
  }

  /**
   * Builds the desired Ingress.
   *
   * @param server the TusServer (spec.ingress must be set)
   * @return the Ingress
   */
  public static Ingress build(TusServer server) {
    IngressSpec ingress = Effective.spec(server).getIngress();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (ingress.getAnnotations() != null) {
      annotations.putAll(ingress.getAnnotations());
    }
    annotations.putAll(NGINX_ANNOTATIONS);
    List<IngressTLS> tls = ingress.getTlsSecretName() == null ? null
        : List.of(new IngressTLSBuilder().withHosts(ingress.getHost()).withSecretName(ingress.getTlsSecretName())
            .build());
    return new IngressBuilder()
        .withNewMetadata()
          .withName(Names.workload(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
          .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
          .withIngressClassName(ingress.getClassName())
          .withTls(tls)
          .addNewRule()
            .withHost(ingress.getHost())
            .withNewHttp()
              .addNewPath()
                .withPath(Effective.basePath(server))
                .withPathType("Prefix")
                .withNewBackend().withNewService().withName(Names.workload(server))
                  .withNewPort().withName("http").endPort().endService().endBackend()
              .endPath()
            .endHttp()
          .endRule()
        .endSpec()
        .build();
  }

  /**
   * The external upload URL.
   *
   * @param server the TusServer (spec.ingress must be set)
   * @return e.g. https://uploads.example.com/files/
   */
  public static String externalUrl(TusServer server) {
    IngressSpec ingress = Effective.spec(server).getIngress();
    String scheme = ingress.getTlsSecretName() == null ? "http" : "https";
    return scheme + "://" + ingress.getHost() + Effective.basePath(server);
  }
}
