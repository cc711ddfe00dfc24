package dev.resumable.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.TestResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code kubectl kustomize config/default} renders offline into a complete, least-privilege install. */
class KustomizeTest {

  @Test
  void defaultKustomizationRendersTheWholeInstall() throws Exception {
    List<HasMetadata> objects = kustomize("config/default");
    assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Namespace",
        "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRole", "ClusterRole",
        "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service");
    objects.stream().filter(o -> !List.of("Namespace", "CustomResourceDefinition", "ClusterRole",
        "ClusterRoleBinding").contains(o.getKind()))
        .forEach(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("resumable-upload"));

    Deployment manager = find(objects, Deployment.class);
    var pod = manager.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(pod.getServiceAccountName()).isEqualTo("tus-operator");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getEnv()).extracting("name").contains("TUS_OPERATOR_DEFAULT_IMAGE", "WATCH_NAMESPACES",
        "LEADER_ELECTION_NAMESPACE");

    ClusterRoleBinding binding = find(objects, ClusterRoleBinding.class);
    assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo("resumable-upload");
    ClusterRole role = objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
        .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName())).findFirst().orElseThrow();
    assertThat(objects.stream().filter(ClusterRole.class::isInstance).map(o -> o.getMetadata().getLabels()))
        .anyMatch(l -> "true".equals(l.get("rbac.authorization.k8s.io/aggregate-to-edit")))
        .anyMatch(l -> "true".equals(l.get("rbac.authorization.k8s.io/aggregate-to-view")));
    assertThat(manager.getSpec().getStrategy().getType()).as("only the leader is ready").isEqualTo("Recreate");
    assertThat(container.getEnv()).extracting("name").contains("POD_NAME");
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getVerbs()).as("no wildcard verbs").doesNotContain("*");
      assertThat(rule.getResources()).as("no wildcard resources").doesNotContain("*");
    }
    assertThat(verbs(role, "persistentvolumeclaims")).doesNotContain("delete");
    assertThat(verbs(role, "secrets")).doesNotContain("update", "delete");
    assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("customresourcedefinitions"));
  }

  @Test
  void everyRbacRuleHasAComment() {
    for (String file : List.of("config/rbac/role.yaml", "config/rbac/leader_election_role.yaml",
        "config/rbac/user_roles.yaml")) {
      String text = TestResources.read(TestResources.repoDir().resolve(file));
      Matcher rule = Pattern.compile("(?m)^(.*)\\n\\s*- apiGroups:").matcher(text);
      int rules = 0;
      while (rule.find()) {
        rules++;
        assertThat(rule.group(1).trim()).as("line before a rule in %s", file).startsWith("#");
      }
      assertThat(rules).isPositive();
    }
  }

  @Test
  void samplesKustomizationRenders() throws Exception {
    assertThat(kustomize("config/samples")).extracting(HasMetadata::getKind).containsOnly("TusServer");
  }

  private static List<String> verbs(ClusterRole role, String resource) {
    return role.getRules().stream().filter(r -> r.getResources().contains(resource)).findFirst().orElseThrow()
        .getVerbs();
  }

  private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  private static List<HasMetadata> kustomize(String dir) throws IOException, InterruptedException {
    return TestResources.kustomize(dir);
  }
}
