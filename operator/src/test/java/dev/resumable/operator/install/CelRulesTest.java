package dev.resumable.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.resumable.operator.TestResources;
import dev.resumable.operator.reconciler.SpecValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compiles every {@code x-kubernetes-validations} rule of the generated CRD with a CEL engine ({@code dev.cel:cel})
 * and evaluates it the way the API server does: on the schema node where it is declared, with {@code self} bound to
 * that node's value, and only when the node is present. Fixtures must be accepted or rejected as listed, each
 * rejection by the rule named, and the operator's own validation ({@link SpecValidator}) must agree.
 *
 * <p>Not covered: Kubernetes' CEL extension libraries and cost limits (the rules use none of the former and are
 * constant-cost), and transition rules ({@code oldSelf}; there are none).
 */
class CelRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String HEADER = "apiVersion: resumable.dev/v1alpha1\nkind: TusServer\n";

  /** A rule, where it is declared (property names from the root) and its compiled program. */
  private record Rule(List<String> path, String expression, CelRuntime.Program program) {
  }

  private static List<Rule> rules;
  private static JsonNode schema;

  @BeforeAll
  static void compileEveryRule() throws IOException, CelValidationException, CelEvaluationException {
    CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("self", SimpleType.DYN).build();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    schema = YAML.readTree(TestResources.generatedCrd().toFile()).at("/spec/versions/0/schema/openAPIV3Schema");
    List<Map.Entry<List<String>, String>> found = new ArrayList<>();
    collect(schema, new ArrayList<>(), found);
    rules = new ArrayList<>();
    for (Map.Entry<List<String>, String> entry : found) {
      CelAbstractSyntaxTree ast = compiler.compile(entry.getValue()).getAst();
      rules.add(new Rule(entry.getKey(), entry.getValue(), runtime.createProgram(ast)));
    }
  }

  private static void collect(JsonNode schema, List<String> path, List<Map.Entry<List<String>, String>> found) {
    JsonNode validations = schema.get("x-kubernetes-validations");
    if (validations != null) {
      validations.forEach(v -> found.add(Map.entry(List.copyOf(path), v.get("rule").asText())));
    }
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        List<String> child = new ArrayList<>(path);
        child.add(field.getKey());
        collect(field.getValue(), child, found);
      }
    }
  }

  /** Rejected objects and a fragment of the rule that must reject each. */
  private static final Map<String, String> REJECTED = new LinkedHashMap<>();

  static {
    REJECTED.put("metadata: {name: both}\nspec: {storage: {file: {}, s3: {bucket: abc}}}", "has(self.s3)");
    REJECTED.put("metadata: {name: none}\nspec: {storage: {}}", "has(self.s3)");
    REJECTED.put("metadata: {name: sc}\nspec: {storage: {file: {existingClaim: data, storageClassName: fast}}}",
        "!has(self.storageClassName)");
    REJECTED.put("metadata: {name: dc}\nspec: {storage: {file: {existingClaim: data, deleteClaim: true}}}",
        "!self.deleteClaim");
    REJECTED.put("metadata: {name: np}\nspec: {storage: {file: {}}, service: {type: ClusterIP, nodePort: 30080}}",
        "self.type != 'ClusterIP'");
    REJECTED.put("metadata: {name: np2}\nspec: {storage: {file: {}}, service: {nodePort: 30080}}",
        "self.type != 'ClusterIP'");
    REJECTED.put("metadata: {name: many}\nspec: {replicas: 2, storage: {s3: {bucket: abc}}}", "self.replicas <= 1");
    REJECTED.put("metadata: {name: rwo}\nspec: {replicas: 2, locker: file, storage: {file: {}}}",
        "self.replicas <= 1");
    REJECTED.put("metadata: {name: mem}\nspec: {replicas: 3, locker: memory, storage: {file: {accessModes:"
        + " [ReadWriteMany]}}}", "self.replicas <= 1");
    REJECTED.put("metadata: {name: file-on-s3}\nspec: {replicas: 2, locker: file, storage: {s3: {bucket: abc}}}",
        "self.replicas <= 1");
    REJECTED.put("metadata: {name: hpa}\nspec: {storage: {s3: {bucket: abc}}, autoscaling: {maxReplicas: 4}}",
        "!has(self.autoscaling) || (");
    REJECTED.put("metadata: {name: redis}\nspec: {locker: redis, storage: {s3: {bucket: abc}}}", "has(self.redis) ==");
    REJECTED.put("metadata: {name: etcd}\nspec: {locker: file, etcd: {endpoints: ['http://e:2379']},"
        + " storage: {file: {}}}", "has(self.etcd) ==");
    REJECTED.put("metadata: {name: tls}\nspec: {locker: etcd, etcd: {endpoints: ['https://e:2379'], tls: {name: t,"
        + " certKey: tls.crt}}, storage: {s3: {bucket: abc}}}", "has(self.certKey) == has(self.keyKey)");
    REJECTED.put("metadata: {name: userinfo}\nspec: {locker: etcd, etcd: {endpoints: ['http://u:p@e:2379']},"
        + " storage: {s3: {bucket: abc}}}", "self.endpoints.all");
    REJECTED.put("metadata: {name: user}\nspec: {locker: etcd, etcd: {endpoints: ['http://e:2379'],"
        + " credentialsSecret: {name: c}}, storage: {s3: {bucket: abc}}}", "has(self.credentialsSecret.usernameKey)");
    REJECTED.put("metadata: {name: bounds}\nspec: {locker: redis, redis: {url: 'redis://r:6379'},"
        + " storage: {s3: {bucket: abc}}, autoscaling: {minReplicas: 5, maxReplicas: 3}}",
        "self.minReplicas <= self.maxReplicas");
    REJECTED.put("metadata: {name: pdb}\nspec: {storage: {file: {}}, disruptionBudget: {minAvailable: 1,"
        + " maxUnavailable: 1}}", "has(self.minAvailable) && has(self.maxUnavailable)");
    REJECTED.put("metadata: {name: quota}\nspec: {locker: redis, redis: {url: 'redis://r:6379'},"
        + " storage: {s3: {bucket: abc}}, server: {storeSize: 1Ti}}", "has(self.server.storeSize)");
    REJECTED.put("metadata: {name: quota-etcd}\nspec: {locker: etcd, etcd: {endpoints: ['http://e:2379']},"
        + " storage: {s3: {bucket: abc}}, server: {storeSize: 1Ti}}", "has(self.server.storeSize)");
    REJECTED.put("metadata: {name: outbox}\nspec: {storage: {file: {}}, hooks: {outbox: {size: 1Gi}}}",
        "has(self.hooks.outbox)");
    REJECTED.put("metadata: {name: two-stores}\nspec: {storage: {s3: {bucket: abc}, azure: {container: abc,"
        + " accountName: acct}}}", "(has(self.file) ? 1 : 0)");
    REJECTED.put("metadata: {name: az-no-account}\nspec: {storage: {azure: {container: abc}}}",
        "has(self.accountName) || has(self.credentialsSecret)");
    REJECTED.put("metadata: {name: az-both}\nspec: {storage: {azure: {container: abc, accountName: acct,"
        + " credentialsSecret: {name: az}}}}", "!(has(self.accountName) && has(self.credentialsSecret))");
    REJECTED.put("metadata: {name: az-mem}\nspec: {replicas: 2, storage: {azure: {container: abc,"
        + " accountName: acct}}}", "self.replicas <= 1");
    REJECTED.put("metadata: {name: grpc-tls}\nspec: {storage: {file: {}}, hooks: {grpc: {address: 'h:9000',"
        + " tlsSecret: {name: t, keyKey: tls.key}}}}", "has(self.certKey) == has(self.keyKey)");
    REJECTED.put("metadata: {name: grpc-zero}\nspec: {storage: {file: {}}, hooks: {grpc: {address: 'h:9000',"
        + " timeout: 0s}}}", "self.matches('^.*[1-9].*$')");
    REJECTED.put("metadata: {name: http-zero}\nspec: {storage: {file: {}}, hooks: {http: {url: 'http://h/',"
        + " timeout: 0m0s}}}", "self.matches('^.*[1-9].*$')");
    REJECTED.put("metadata: {name: net-zero}\nspec: {storage: {file: {}}, server: {networkTimeout: 0ms}}",
        "self.matches('^.*[1-9].*$')");
    REJECTED.put("metadata: {name: lock-zero}\nspec: {storage: {file: {}}, server: {acquireLockTimeout: 00s}}",
        "self.matches('^.*[1-9].*$')");
    REJECTED.put("metadata: {name: with.dot}\nspec: {storage: {file: {}}}", "self.metadata.name");
    REJECTED.put("metadata: {name: 1starts-with-a-digit}\nspec: {storage: {file: {}}}", "self.metadata.name");
    REJECTED.put("metadata: {name: " + "a".repeat(56) + "}\nspec: {storage: {file: {}}}", "self.metadata.name");
  }

  private static final List<String> ACCEPTED = List.of(
      "metadata: {name: minimal}\nspec: {storage: {file: {}}}",
      "metadata: {name: " + "a".repeat(55) + "}\nspec: {storage: {s3: {bucket: abc}}}",
      "metadata: {name: shared}\nspec: {replicas: 3, locker: file, storage: {file: {accessModes: [ReadWriteMany]}}}",
      "metadata: {name: zero}\nspec: {replicas: 0, storage: {s3: {bucket: abc}}}",
      "metadata: {name: np}\nspec: {storage: {file: {}}, service: {type: NodePort, nodePort: 30080}}",
      "metadata: {name: existing}\nspec: {storage: {file: {existingClaim: data}}}",
      "metadata: {name: quota}\nspec: {locker: file, storage: {file: {}}, server: {storeSize: 1Ti}}",
      "metadata: {name: outbox}\nspec: {storage: {s3: {bucket: abc}}, hooks: {outbox: {size: 1Gi}}}",
      "metadata: {name: keep}\nspec: {storage: {file: {existingClaim: data, deleteClaim: false}}}",
      "metadata: {name: redis}\nspec: {replicas: 3, locker: redis, redis: {url: 'redis://r:6379'},"
          + " storage: {s3: {bucket: abc}}}",
      "metadata: {name: etcd}\nspec: {replicas: 3, locker: etcd, etcd: {endpoints: ['https://e:2379'], tls: {name: t,"
          + " certKey: c, keyKey: k}, credentialsSecret: {name: c, usernameKey: user}}, storage: {s3: {bucket: abc}}}",
      "metadata: {name: rwx-hpa}\nspec: {locker: file, storage: {file: {accessModes: [ReadWriteMany]}},"
          + " autoscaling: {maxReplicas: 4}}",
      "metadata: {name: rwx-redis}\nspec: {replicas: 2, locker: redis, redis: {url: 'redis://r:6379'},"
          + " storage: {file: {accessModes: [ReadWriteMany]}}}",
      "metadata: {name: pdb}\nspec: {replicas: 2, locker: redis, redis: {url: 'redis://r:6379'},"
          + " storage: {s3: {bucket: abc}}, disruptionBudget: {maxUnavailable: 25%}}",
      "metadata: {name: az-redis}\nspec: {replicas: 3, locker: redis, redis: {url: 'redis://r:6379'},"
          + " storage: {azure: {container: abc, credentialsSecret: {name: az}}}}",
      "metadata: {name: az-hpa}\nspec: {locker: etcd, etcd: {endpoints: ['http://e:2379']},"
          + " storage: {azure: {container: abc, endpoint: 'http://azurite:10000/acct'}}, autoscaling: {maxReplicas: 4}}",
      "metadata: {name: durations}\nspec: {storage: {file: {}}, server: {networkTimeout: 10s, acquireLockTimeout:"
          + " 1m0s, expiration: '0', shutdownTimeout: 0s}, hooks: {http: {url: 'http://h/', backoff: '0', timeout:"
          + " 500ms}, grpc: {address: 'h:9000', backoff: 0s, timeout: 10ms}}}",
      "metadata: {name: az-keyless}\nspec: {storage: {azure: {container: abc, accountName: acct}},"
          + " hooks: {grpc: {address: 'hooks:8081', tlsSecret: {name: t}}}}");

  @Test
  void everyRuleCompilesAndHasACaseItRejects() {
    assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
    for (Rule rule : rules) {
      assertThat(REJECTED.values()).as("a fixture rejected by %s", rule.expression())
          .anyMatch(rule.expression()::contains);
    }
  }

  @Test
  void rejectedFixturesAreRejectedByTheNamedRuleAndByTheOperator() throws Exception {
    for (Map.Entry<String, String> fixture : REJECTED.entrySet()) {
      List<String> failing = failingRules(fixture.getKey());
      assertThat(failing).as("rules rejecting %s", fixture.getKey()).isNotEmpty()
          .allMatch(r -> r.contains(fixture.getValue()));
      assertThat(SpecValidator.validate(TestResources.tusServer(HEADER + fixture.getKey())))
          .as("operator-side check of %s", fixture.getKey()).isPresent();
    }
  }

  @Test
  void acceptedFixturesAndSamplesPassEveryRule() throws Exception {
    List<String> objects = new ArrayList<>(ACCEPTED.stream().map(o -> HEADER + o).toList());
    try (Stream<Path> files = Files.list(TestResources.repoDir().resolve("config/samples"))) {
      for (Path sample : files.filter(f -> f.getFileName().toString().startsWith("tusserver-"))
          .collect(Collectors.toList())) {
        objects.add(Files.readString(sample));
      }
    }
    for (String object : objects) {
      assertThat(failingRules(object)).as("rules rejecting %s", object).isEmpty();
      Optional<?> problem = SpecValidator.validate(TestResources.tusServer(complete(object)));
      assertThat(problem).as("operator-side check of %s", object).isEmpty();
    }
  }

  private static List<String> failingRules(String yaml) throws IOException, CelEvaluationException {
    String text = complete(yaml);
    Object root = celValue(YAML.readTree(text));
    applyDefaults(schema, root);
    List<String> failing = new ArrayList<>();
    for (Rule rule : rules) {
      Object self = at(root, rule.path());
      if (self == null) {
        continue;
      }
      Object result = rule.program().eval(Map.of("self", self));
      if (!Boolean.TRUE.equals(result)) {
        failing.add(rule.expression());
      }
    }
    return failing;
  }

  private static String complete(String yaml) {
    return yaml.contains("kind: TusServer") ? yaml : HEADER + yaml;
  }

  /** Structural defaulting, which the API server applies before validation: defaults of absent properties. */
  @SuppressWarnings("unchecked")
  private static void applyDefaults(JsonNode schemaNode, Object value) {
    JsonNode properties = schemaNode.get("properties");
    if (!(value instanceof Map) || properties == null) {
      return;
    }
    Map<String, Object> object = (Map<String, Object>) value;
    properties.fields().forEachRemaining(field -> {
      JsonNode defaultValue = field.getValue().get("default");
      if (!object.containsKey(field.getKey()) && defaultValue != null) {
        object.put(field.getKey(), celValue(defaultValue));
      }
      if (object.containsKey(field.getKey())) {
        applyDefaults(field.getValue(), object.get(field.getKey()));
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static Object at(Object root, List<String> path) {
    Object node = root;
    for (String name : path) {
      if (!(node instanceof Map)) {
        return null;
      }
      node = ((Map<String, Object>) node).get(name);
    }
    return node;
  }

  /** JSON as CEL sees it: objects as maps, integers as int64, numbers as double. */
  private static Object celValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), celValue(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(child -> list.add(celValue(child)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
