package dev.resumable.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.resumable.operator.TestResources;
import dev.resumable.operator.reconciler.SpecValidator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CRD matches the model, samples validate against its schema, and its CEL rules are accounted for. */
class CrdTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void committedCrdIsTheGeneratedOne() {
    Path committed = TestResources.repoDir().resolve("crds/tusservers.resumable.dev-v1.yml");
    assertThat(TestResources.read(committed))
        .as("crds/ is stale: run mvn -pl operator process-classes && cp operator/target/classes/META-INF/fabric8/"
            + "tusservers.resumable.dev-v1.yml crds/")
        .isEqualTo(TestResources.read(TestResources.generatedCrd()));
  }

  @Test
  void crdHasStatusScaleAndPrinterColumns() {
    CustomResourceDefinition crd = TestResources.crd();
    var version = crd.getSpec().getVersions().get(0);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("tus");
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
    assertThat(version.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.replicas");
    assertThat(version.getSubresources().getScale().getLabelSelectorPath()).isEqualTo(".status.selector");
    assertThat(version.getAdditionalPrinterColumns()).extracting("name")
        .containsExactlyInAnyOrder("Ready", "Replicas", "URL", "Age");
  }

  @Test
  void installedCrdHasConditionsAsAMapAndColumnsInTheDocumentedOrder() throws Exception {
    CustomResourceDefinition crd = TestResources.kustomize("crds").stream()
        .filter(CustomResourceDefinition.class::isInstance).map(CustomResourceDefinition.class::cast)
        .findFirst().orElseThrow();
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getAdditionalPrinterColumns()).extracting("name")
        .containsExactly("Ready", "Replicas", "URL", "Age");
    var conditions = version.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties()
        .get("conditions");
    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    assertThat(conditions.getItems().getSchema().getRequired()).contains("type");
    var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getProperties().get("replicas").getDefault().asInt()).isEqualTo(1);
    assertThat(spec.getProperties().get("locker").getEnum()).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("memory", "file", "redis", "etcd");
    assertThat(spec.getProperties().get("imagePullPolicy").getEnum()).hasSize(3);
    assertThat(spec.getProperties().get("service").getProperties().get("type").getEnum()).hasSize(3);
    assertThat(spec.getProperties().get("hooks").getProperties().get("enabledEvents").getMaxItems())
        .isEqualTo(8L);
  }

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(TestResources.repoDir().resolve("config/samples"))) {
      return files.filter(f -> f.getFileName().toString().startsWith("tusserver-")).sorted()
          .collect(Collectors.toList()).stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleValidatesAgainstTheGeneratedSchema(Path sample) throws IOException {
    assertThat(validate(YAML.readTree(sample.toFile()))).isEmpty();
    assertThat(SpecValidator.validate(TestResources.tusServer(TestResources.read(sample)))).isEmpty();
  }

  @Test
  void schemaRejectsBadValues() throws IOException {
    String base = "apiVersion: resumable.dev/v1alpha1\nkind: TusServer\nmetadata: {name: x}\n";
    assertThat(validate(YAML.readTree(base + "spec: {replicas: 1}"))).as("storage is required").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {replicas: -1, storage: {file: {}}}"))).isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {locker: consul, storage: {file: {}}}"))).isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {locker: redis, redis: {url: 'redis://u:pw@redis:6379'},"
        + " storage: {s3: {bucket: abc}}}"))).as("credentials in the Redis URL").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {s3: {bucket: abc}}, autoscaling: {minReplicas: 2}}")))
        .as("maxReplicas is required").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {s3: {bucket: Not_A_Bucket}}}"))).isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, server: {expiration: 1day}}")))
        .isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, hooks: {enabledEvents: [on-upload]}}")))
        .isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, service: {nodePort: 80}}"))).isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {azure: {accountName: acct}}}")))
        .as("azure.container is required").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {azure: {container: Bad_Name, accountName: acct}}}")))
        .isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {azure: {container: abc, accountName: acct,"
        + " accessTier: premium}}}"))).as("access tier").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {azure: {container: abc, accountName: acct,"
        + " containerAccessType: public}}}"))).as("container access type").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, hooks: {grpc: {retry: 1}}}")))
        .as("hooks.grpc.address is required").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, hooks: {grpc: {address:"
        + " 'http://hooks:8081'}}}"))).as("a URL is not a gRPC target").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, hooks: {grpc: {address: 'hooks:8081',"
        + " timeout: 10sec}}}"))).isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {azure: {container: abc, accountName: acct,"
        + " accessTier: archive}}, hooks: {grpc: {address: 'hooks:8081', timeout: 1m30s}}}"))).isEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, server: {maxSize: 10GiB}}"))).isEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, server: {expiration: 1000000000s}}")))
        .as("ten digits: the server parses at most nine per unit").isNotEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, server: {expiration: 999999999s}}")))
        .isEmpty();
    assertThat(validate(YAML.readTree(base + "spec: {storage: {file: {}}, server: {networkTimeout: '0'}}")))
        .as("a bare 0 where the server needs a positive duration").isNotEmpty();
  }

  private static Set<ValidationMessage> validate(JsonNode resource) throws IOException {
    JsonNode crd = YAML.readTree(TestResources.generatedCrd().toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    JsonSchema jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    return jsonSchema.validate(resource);
  }

}
