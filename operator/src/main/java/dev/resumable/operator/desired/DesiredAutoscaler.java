package dev.resumable.operator.desired;

import dev.resumable.operator.api.v1alpha1.AutoscalingSpec;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired {@code autoscaling/v2} HorizontalPodAutoscaler of a TusServer. It scales the TusServer through its scale
 * subresource (not the Deployment), so spec.replicas stays the one source of the pod count and the operator keeps
 * owning the Deployment. Metrics: CPU utilisation (metrics-server) and, when asked for, the server's
 * {@value #ACTIVE_UPLOADS_METRIC} gauge as a Pods metric (a custom-metrics API such as prometheus-adapter).
 */
public final class DesiredAutoscaler {

  /** The server's gauge of uploads being written, as Prometheus names it. */
  public static final String ACTIVE_UPLOADS_METRIC = "tus_uploads_active";

  private DesiredAutoscaler() {
  }

  /**
   * Builds the desired HorizontalPodAutoscaler.
   *
   * @param server the TusServer (with spec.autoscaling)
   * @return the autoscaler
   */
  public static HorizontalPodAutoscaler build(TusServer server) {
    AutoscalingSpec autoscaling = Effective.autoscaling(server);
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
          .withName(Names.workload(server))
          .withNamespace(server.getMetadata().getNamespace())
          .withLabels(Names.labels(server))
        .endMetadata()
        .withNewSpec()
          .withNewScaleTargetRef()
            .withApiVersion(server.getApiVersion() == null ? "resumable.dev/v1alpha1" : server.getApiVersion())
            .withKind("TusServer")
            .withName(server.getMetadata().getName())
          .endScaleTargetRef()
          .withMinReplicas(Effective.minReplicas(autoscaling))
          .withMaxReplicas(Effective.maxReplicas(autoscaling))
          .withMetrics(metrics(autoscaling))
        .endSpec()
        .build();
  }

  private static List<MetricSpec> metrics(AutoscalingSpec autoscaling) {
    List<MetricSpec> metrics = new ArrayList<>();
    Integer cpu = autoscaling.getTargetCPUUtilization();
    if (cpu == null && autoscaling.getTargetActiveUploadsPerPod() == null) {
      cpu = Effective.DEFAULT_CPU_TARGET;
    }
    if (cpu != null) {
      metrics.add(new MetricSpecBuilder().withType("Resource")
          .withNewResource().withName("cpu")
            .withNewTarget().withType("Utilization").withAverageUtilization(cpu).endTarget()
          .endResource()
          .build());
    }
    if (autoscaling.getTargetActiveUploadsPerPod() != null) {
      metrics.add(new MetricSpecBuilder().withType("Pods")
          .withNewPods()
            .withNewMetric().withName(ACTIVE_UPLOADS_METRIC).endMetric()
            .withNewTarget().withType("AverageValue")
              .withAverageValue(new Quantity(String.valueOf(autoscaling.getTargetActiveUploadsPerPod())))
            .endTarget()
          .endPods()
          .build());
    }
    return metrics;
  }
}
