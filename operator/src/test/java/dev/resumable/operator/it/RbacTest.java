package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.api.monitoring.PrometheusRule;
import dev.resumable.operator.api.monitoring.ServiceMonitor;
import dev.resumable.operator.config.OperatorSettings;
import dev.resumable.operator.conditions.Reasons;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * RBAC exactly as used: the operator runs as shipped (leader election on, Lease in the operator's namespace) through
 * a scenario that exercises every kind of write, while {@link ApiServerFixture} records every request. Each request
 * must be allowed by the Roles {@code kubectl kustomize config/default} renders for the operator's ServiceAccount,
 * and every granted verb must have been used (or be needed without a request of its own, with the reason below).
 *
 * <p>The mock server enforces no RBAC; this test is the enforcement. The SelfSubjectRulesReview JOSDK sends before
 * leader election is answered with the rendered rules, so JOSDK's own check runs against them too.
 */
class RbacTest extends OperatorHarness {

  private static final String OPERATOR_NAMESPACE = RenderedRbac.NAMESPACE;

  /** Verbs granted without a request of their own, and why. */
  private static final Map<String, String> NEEDED_WITHOUT_REQUEST = Map.of(
      "coordination.k8s.io/leases:update", "JOSDK's leader-election start-up check requires create, update, get",
      "resumable.dev/tusservers/finalizers:update",
      "owner references with blockOwnerDeletion (OwnerReferencesPermissionEnforcement)");

  private RenderedRbac rbac;

  @Override
  OperatorSettings settings() {
    return OperatorSettings.defaults().electingLeaderIn(OPERATOR_NAMESPACE, "rbac-test-0");
  }

  @Override
  void beforeOperatorStarts() {
    rbac = RenderedRbac.render();
    assertThat(rbac.clusterRules()).as("ClusterRole bound to the operator").isNotEmpty();
    assertThat(rbac.namespaceRules()).as("leader-election Role bound in " + OPERATOR_NAMESPACE).isNotEmpty();
    fixture.grantRulesReview(rbac.reviewRules());
    client.resource(new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE).endMetadata().build())
        .create();
    installServiceMonitorApi();
    installPrometheusRuleApi();
    client.resource(new StorageClassBuilder().withNewMetadata().withName("expandable").endMetadata()
        .withProvisioner("example.com/disk").withAllowVolumeExpansion(true).build()).create();
    fixture.clearCalls();
  }

  @Test
  void everyRequestIsAllowedAndEveryGrantIsUsed() throws Exception {
    client.resource(new SecretBuilder().withNewMetadata().withName("token").endMetadata()
        .withStringData(Map.of("TOKEN", "t-1")).build()).inNamespace(NS).create();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName("scripts").endMetadata()
        .withData(Map.of("post-finish", "#!/bin/sh\n")).build()).inNamespace(NS).create();
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: full}
        spec:
          replicas: 2
          locker: file
          storage:
            file: {size: 1Gi, storageClassName: expandable, accessModes: [ReadWriteMany]}
          server:
            env:
              - name: TOKEN
                valueFrom: {secretKeyRef: {name: token, key: TOKEN}}
          hooks:
            http: {url: "http://receiver:8080/hooks"}
            file: {configMapName: scripts}
          ingress: {host: uploads.example.com, annotations: {team: uploads}}
          service: {annotations: {team: uploads}}
          autoscaling: {minReplicas: 2, maxReplicas: 4, targetActiveUploadsPerPod: 20}
          metrics:
            serviceMonitor: {enabled: true, labels: {release: prometheus}}
            prometheusRule: {enabled: true}
        """);
    eventually().until(() -> deployment("full") != null
        && client.network().v1().ingresses().inNamespace(NS).withName("full").get() != null
        && client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("full").get() != null
        && client.resources(ServiceMonitor.class).inNamespace(NS).withName("full").get() != null
        && client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("full").get() != null
        && client.resources(PrometheusRule.class).inNamespace(NS).withName("full").get() != null);
    reportDeploymentReady("full");
    eventually().until(() -> conditionIs("full", Reasons.READY, "True", Reasons.AVAILABLE));

    // updates of every kind of dependent: from the spec, and a drifted PodDisruptionBudget reverted
    editTus("full", t -> {
      t.getSpec().getIngress().setAnnotations(null);
      t.getSpec().getService().setAnnotations(null);
      t.getSpec().getMetrics().getServiceMonitor().setInterval("10s");
      t.getSpec().getAutoscaling().setMaxReplicas(5);
      t.getSpec().getMetrics().getPrometheusRule().setLabels(Map.of("release", "prometheus"));
      return t;
    });
    client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("full").edit(pdb -> {
      pdb.getSpec().setMaxUnavailable(new IntOrString(2));
      return pdb;
    });
    eventually().until(() -> client.network().v1().ingresses().inNamespace(NS).withName("full").get()
        .getMetadata().getAnnotations().get("team") == null
        && client.services().inNamespace(NS).withName("full").get().getMetadata().getAnnotations().get("team") == null
        && client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("full").get().getSpec()
            .getMaxUnavailable().getIntVal() == 1
        && client.resources(ServiceMonitor.class).inNamespace(NS).withName("full").get().getMetadata()
            .getAnnotations().get("resumable.dev/desired-hash") != null
        && String.valueOf(client.resources(ServiceMonitor.class).inNamespace(NS).withName("full").get()
            .getAdditionalProperties().get("spec")).contains("10s")
        && client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("full").get().getSpec()
            .getMaxReplicas() == 5
        && "prometheus".equals(client.resources(PrometheusRule.class).inNamespace(NS).withName("full").get()
            .getMetadata().getLabels().get("release")));

    editTus("full", t -> {
      t.getSpec().setIngress(null);
      t.getSpec().setReplicas(1);
      t.getSpec().setAutoscaling(null);
      t.getSpec().getMetrics().getPrometheusRule().setEnabled(false);
      t.getSpec().getMetrics().getServiceMonitor().setEnabled(false);
      t.getSpec().getMetrics().setEnabled(false);
      t.getSpec().getStorage().getFile().setSize("2Gi");
      t.getSpec().getStorage().getFile().setDeleteClaim(true);
      return t;
    });
    eventually().until(() -> client.network().v1().ingresses().inNamespace(NS).withName("full").get() == null
        && client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("full").get() == null
        && client.resources(ServiceMonitor.class).inNamespace(NS).withName("full").get() == null
        && client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("full").get() == null
        && client.resources(PrometheusRule.class).inNamespace(NS).withName("full").get() == null
        && "2Gi".equals(client.persistentVolumeClaims().inNamespace(NS).withName("full-data").get().getSpec()
            .getResources().getRequests().get("storage").toString()));
    client.secrets().inNamespace(NS).withName("token").edit(s -> {
      s.setStringData(Map.of("TOKEN", "t-2"));
      return s;
    });
    // at least one Lease renewal (every 2 s)
    eventually().until(() -> fixture.calls().stream().anyMatch(c -> "PATCH".equals(c.method())
        && c.path().contains("/leases/")));

    List<ApiServerFixture.Call> calls = fixture.calls();
    List<String> refused = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (ApiServerFixture.Call call : calls) {
      RequestAttributes attributes = RequestAttributes.of(call.method(), call.path());
      if (!call.byOperator() || attributes.exemptForEveryUser()) {
        continue;
      }
      used.add(attributes.key());
      if (!allowed(attributes)) {
        refused.add(call.method() + " " + call.path() + " -> " + attributes);
      }
    }
    assertThat(refused).as("requests the rendered RBAC refuses (used: %s)", used).isEmpty();

    boolean blockOwnerDeletion = calls.stream().anyMatch(c -> c.body().contains("\"blockOwnerDeletion\":true"));
    List<String> unused = new ArrayList<>();
    for (PolicyRule rule : rbac.allRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            String key = (group.isEmpty() ? "" : group + "/") + resource + ":" + verb;
            boolean needed = used.contains(key) || NEEDED_WITHOUT_REQUEST.containsKey(key)
                && (!key.contains("finalizers") || blockOwnerDeletion);
            if (!needed) {
              unused.add(key);
            }
          }
        }
      }
    }
    assertThat(unused).as("granted but never used (used: %s)", used).isEmpty();
  }

  private boolean allowed(RequestAttributes request) {
    if (rbac.clusterRules().stream().anyMatch(request::matches)) {
      return true;
    }
    return OPERATOR_NAMESPACE.equals(request.namespace())
        && rbac.namespaceRules().stream().anyMatch(request::matches);
  }

  /** What the API server's authorizer sees of a request. */
  record RequestAttributes(String group, String resource, String namespace, String name, String verb) {

    static RequestAttributes of(String method, String rawPath) {
      String[] pathAndQuery = rawPath.split("\\?", 2);
      boolean watch = pathAndQuery.length > 1 && pathAndQuery[1].matches("(.*&)?watch=(true|1)(&.*)?");
      List<String> parts = new ArrayList<>(List.of(pathAndQuery[0].replaceAll("^/+", "").split("/")));
      String group;
      int rest;
      if (parts.size() >= 2 && "api".equals(parts.get(0))) {
        group = "";
        rest = 2;
      } else if (parts.size() >= 3 && "apis".equals(parts.get(0))) {
        group = parts.get(1);
        rest = 3;
      } else {
        return new RequestAttributes(null, null, null, null, "nonresource");
      }
      List<String> segments = parts.subList(rest, parts.size());
      if (segments.isEmpty()) {
        return new RequestAttributes(null, null, null, null, "nonresource");
      }
      String namespace = null;
      if ("namespaces".equals(segments.get(0)) && segments.size() >= 3) {
        namespace = segments.get(1);
        segments = segments.subList(2, segments.size());
      }
      String resource = segments.get(0);
      String name = segments.size() > 1 ? segments.get(1) : null;
      if (segments.size() > 2) {
        resource = resource + "/" + segments.get(2);
      }
      String verb = switch (method) {
        case "GET" -> name != null ? "get" : watch ? "watch" : "list";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> name != null ? "delete" : "deletecollection";
        default -> method.toLowerCase(Locale.ROOT);
      };
      return new RequestAttributes(group, resource, namespace, name, verb);
    }

    /** Discovery (system:discovery) and SelfSubjectRulesReviews (system:basic-user) are allowed to every user. */
    boolean exemptForEveryUser() {
      return "nonresource".equals(verb)
          || "authorization.k8s.io".equals(group) && "selfsubjectrulesreviews".equals(resource);
    }

    String key() {
      return (group.isEmpty() ? "" : group + "/") + resource + ":" + verb;
    }

    boolean matches(PolicyRule rule) {
      boolean names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
          || name != null && rule.getResourceNames().contains(name) && !"create".equals(verb);
      return rule.getApiGroups().contains(group) && rule.getResources().contains(resource)
          && rule.getVerbs().contains(verb) && names;
    }
  }
}
