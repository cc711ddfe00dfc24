package dev.resumable.operator.it;

import static org.awaitility.Awaitility.await;

import dev.resumable.operator.TestResources;
import dev.resumable.operator.TusOperator;
import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.monitoring.ServiceMonitor;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the real operator ({@link TusOperator#create}, the factory the jar uses) against a fresh Fabric8 mock server
 * in CRUD mode ({@link ApiServerFixture}) for each test. The TusServer CRD applied to the mock is the generated one.
 */
abstract class OperatorHarness {

  static final String NS = "uploads";

  ApiServerFixture fixture;
  KubernetesClient client;
  KubernetesClient operatorClient;
  KubernetesMockServer server;
  Operator operator;

  @BeforeEach
  void startOperator() {
    fixture = ApiServerFixture.start();
    server = fixture.server();
    client = fixture.newClient();
    operatorClient = fixture.newOperatorClient();
    client.resource(TestResources.crd()).create();
    client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    beforeOperatorStarts();
    operator = TusOperator.create(operatorClient, settings(), Metrics.NOOP);
    operator.start();
  }

  /** The operator's settings; tests override to watch other namespaces. */
  OperatorSettings settings() {
    return OperatorSettings.defaults();
  }

  /** Hook for tests that need more objects (e.g. a CRD) before the operator starts. */
  void beforeOperatorStarts() {
  }

  /** Installs the Prometheus Operator's ServiceMonitor CRD (a minimal one: the API discovery needs no schema). */
  void installServiceMonitorApi() {
    installCrd(ServiceMonitor.GROUP, ServiceMonitor.VERSION, "ServiceMonitor", ServiceMonitor.PLURAL);
  }

  /** Installs the Prometheus Operator's PrometheusRule CRD (a minimal one). */
  void installPrometheusRuleApi() {
    installCrd(PrometheusRule.GROUP, PrometheusRule.VERSION, "PrometheusRule", PrometheusRule.PLURAL);
  }

  private void installCrd(String group, String version, String kind, String plural) {
    client.resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec()
          .withGroup(group)
          .withScope("Namespaced")
          .withNewNames().withKind(kind).withPlural(plural).endNames()
          .addNewVersion().withName(version).withServed(true).withStorage(true).endVersion()
        .endSpec()
        .build()).create();
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
    operatorClient.close();
    client.close();
    fixture.stop();
  }

  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
  }

  TusServer apply(String yaml) {
    return client.resource(TestResources.tusServer(yaml)).inNamespace(NS).create();
  }

  TusServer get(String name) {
    return client.resources(TusServer.class).inNamespace(NS).withName(name).get();
  }

  /** Edits a TusServer the way kubectl edit does, retrying when the operator's status write got in between. */
  void editTus(String name, UnaryOperator<TusServer> change) {
    eventually().ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
      TusServer current = get(name);
      client.resource(change.apply(current)).update();
      return true;
    });
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  Optional<Condition> condition(String name, String type) {
    TusServer tus = get(name);
    if (tus == null || tus.getStatus() == null || tus.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return tus.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  boolean conditionIs(String name, String type, String status, String reason) {
    return condition(name, type).map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .orElse(false);
  }

  /** Makes the mock behave like the Deployment controller: all replicas updated and ready. */
  void reportDeploymentReady(String name) {
    client.apps().deployments().inNamespace(NS).withName(name).editStatus(d -> {
      int replicas = d.getSpec().getReplicas();
      d.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(d.getMetadata().getGeneration())
          .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
          .withAvailableReplicas(replicas).build());
      return d;
    });
  }
}
