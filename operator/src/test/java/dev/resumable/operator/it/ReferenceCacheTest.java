package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.config.OperatorSettings;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.desired.Names;
import dev.resumable.operator.reconciler.References;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Bounded caches: in a watched namespace holding 1,000 unrelated Secrets (Helm release Secrets, say) and another,
 * unwatched namespace, the operator lists and watches Secrets and ConfigMaps only by label and only in the watched
 * namespace, so what it caches is what TusServers reference plus its own signing keys. A referenced Secret is found
 * with one GET, labelled, and its changes roll the pods from then on.
 */
class ReferenceCacheTest extends OperatorHarness {

  private static final int UNRELATED = 1000;
  private static final String OTHER_NS = "elsewhere";

  @Override
  OperatorSettings settings() {
    return OperatorSettings.defaults().watching(Set.of(NS));
  }

  @Override
  void beforeOperatorStarts() {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(OTHER_NS).endMetadata().build()).create();
    for (int i = 0; i < UNRELATED; i++) {
      client.resource(new SecretBuilder().withNewMetadata().withName("sh.helm.release.v1.app" + i + ".v1")
          .endMetadata().withStringData(Map.of("release", "x".repeat(256))).build()).inNamespace(NS).create();
    }
    client.resource(new SecretBuilder().withNewMetadata().withName("s3-creds").endMetadata()
        .withStringData(Map.of("AWS_ACCESS_KEY_ID", "elsewhere", "AWS_SECRET_ACCESS_KEY", "elsewhere")).build())
        .inNamespace(OTHER_NS).create();
    fixture.clearCalls();
  }

  @Test
  void onlyReferencedSecretsInWatchedNamespacesAreListedAndWatched() {
    client.resource(new SecretBuilder().withNewMetadata().withName("s3-creds").endMetadata()
        .withStringData(Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "key-1")).build())
        .inNamespace(NS).create();
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: s3}
        spec:
          storage:
            s3: {bucket: uploads, credentialsSecret: {name: s3-creds}}
        """);
    eventually().until(() -> deployment("s3") != null);
    assertThat(client.secrets().inNamespace(NS).withName("s3-creds").get().getMetadata().getLabels())
        .containsEntry(References.WATCH_LABEL, "true");
    String firstHash = configHash();

    client.secrets().inNamespace(NS).withName("s3-creds").edit(secret -> {
      secret.setStringData(Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "key-2"));
      return secret;
    });
    eventually().until(() -> !configHash().equals(firstHash));

    List<String> secretReads = fixture.calls().stream()
        .filter(c -> c.byOperator() && "GET".equals(c.method()) && c.path().contains("/secrets"))
        .map(c -> URLDecoder.decode(c.path(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    List<String> collectionReads = secretReads.stream().filter(p -> p.split("\\?")[0].endsWith("/secrets"))
        .collect(Collectors.toList());
    assertThat(collectionReads).as("secret lists and watches").isNotEmpty()
        .allMatch(p -> p.startsWith("/api/v1/namespaces/" + NS + "/secrets?"), "in the watched namespace only")
        .allMatch(p -> p.contains("labelSelector=" + References.WATCH_SELECTOR)
            || p.contains("labelSelector=" + Names.MANAGED_BY_SELECTOR), "by label");
    assertThat(secretReads).as("single reads").filteredOn(p -> !collectionReads.contains(p))
        .allMatch(p -> p.equals("/api/v1/namespaces/" + NS + "/secrets/s3-creds"));

    List<Secret> cachedByTheOperator = client.secrets().inNamespace(NS)
        .withLabelSelector(References.WATCH_SELECTOR).list().getItems();
    cachedByTheOperator.addAll(client.secrets().inNamespace(NS)
        .withLabelSelector(Names.MANAGED_BY_SELECTOR).list().getItems());
    assertThat(cachedByTheOperator).extracting(s -> s.getMetadata().getName())
        .as("what the label-selected informers can hold, out of %d Secrets", UNRELATED + 2)
        .containsExactlyInAnyOrder("s3-creds", "s3-hook-signing-key");
    assertThat(conditionIs("s3", Reasons.DEGRADED, "False", Reasons.AS_EXPECTED)).isTrue();
  }

  @Test
  void aSecretCreatedAfterTheTusServerIsFound() {
    apply("""
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: late}
        spec:
          storage:
            s3: {bucket: uploads, credentialsSecret: {name: late-creds}}
        """);
    eventually().until(() -> conditionIs("late", Reasons.READY, "False", Reasons.SECRET_NOT_FOUND));
    client.resource(new SecretBuilder().withNewMetadata().withName("late-creds").endMetadata()
        .withStringData(Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "key")).build())
        .inNamespace(NS).create();
    eventually().until(() -> deployment("late") != null);
  }

  private String configHash() {
    return deployment("s3").getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Names.CONFIG_HASH_ANNOTATION);
  }
}
