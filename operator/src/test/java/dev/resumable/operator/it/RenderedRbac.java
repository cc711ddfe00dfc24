package dev.resumable.operator.it;

import dev.resumable.operator.TestResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The RBAC {@code kubectl kustomize config/default} renders for the operator's ServiceAccount: the rules of the
 * ClusterRoles bound cluster-wide and of the Roles bound in the operator's namespace.
 *
 * @param clusterRules rules that apply in every namespace
 * @param namespaceRules rules that apply in {@link #NAMESPACE} only
 */
record RenderedRbac(List<PolicyRule> clusterRules, List<PolicyRule> namespaceRules) {

  /** The operator's namespace in config/default. */
  static final String NAMESPACE = "resumable-upload";
  /** The operator's ServiceAccount. */
  static final String SERVICE_ACCOUNT = "tus-operator";

  static RenderedRbac render() {
    List<HasMetadata> objects;
    try {
      objects = TestResources.kustomize("config/default");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Set<String> boundClusterRoles = objects.stream().filter(ClusterRoleBinding.class::isInstance)
        .map(ClusterRoleBinding.class::cast)
        .filter(b -> b.getSubjects().stream().anyMatch(s -> SERVICE_ACCOUNT.equals(s.getName())
            && NAMESPACE.equals(s.getNamespace())))
        .map(b -> b.getRoleRef().getName()).collect(Collectors.toSet());
    Set<String> boundRoles = objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
        .filter(b -> NAMESPACE.equals(b.getMetadata().getNamespace()))
        .filter(b -> b.getSubjects().stream().anyMatch(s -> SERVICE_ACCOUNT.equals(s.getName())))
        .map(b -> b.getRoleRef().getName()).collect(Collectors.toSet());
    List<PolicyRule> cluster = objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
        .filter(r -> boundClusterRoles.contains(r.getMetadata().getName()))
        .flatMap(r -> r.getRules().stream()).collect(Collectors.toList());
    List<PolicyRule> namespaced = objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
        .filter(r -> NAMESPACE.equals(r.getMetadata().getNamespace())
            && boundRoles.contains(r.getMetadata().getName()))
        .flatMap(r -> r.getRules().stream()).collect(Collectors.toList());
    return new RenderedRbac(cluster, namespaced);
  }

  /** What a SelfSubjectRulesReview in the operator's namespace answers. */
  List<ResourceRule> reviewRules() {
    List<ResourceRule> review = new ArrayList<>();
    for (PolicyRule rule : allRules()) {
      review.add(new ResourceRuleBuilder().withApiGroups(rule.getApiGroups()).withResources(rule.getResources())
          .withResourceNames(rule.getResourceNames()).withVerbs(rule.getVerbs()).build());
    }
    return review;
  }

  List<PolicyRule> allRules() {
    List<PolicyRule> all = new ArrayList<>(clusterRules);
    all.addAll(namespaceRules);
    return all;
  }
}
