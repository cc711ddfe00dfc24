package dev.resumable.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.TestResources;
import dev.resumable.operator.conditions.Reasons;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecValidatorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "valid file store|storage: {file: {}}|",
      "valid s3|storage: {s3: {bucket: b-1}}|",
      "no backend|storage: {}|InvalidSpec",
      "valid azure|storage: {azure: {container: c-1, credentialsSecret: {name: az}}}|",
      "azure and s3|storage: {s3: {bucket: b-1}, azure: {container: c-1, accountName: a}}|InvalidSpec",
      "azure without account|storage: {azure: {container: c-1}}|InvalidSpec",
      "azure without container|storage: {azure: {accountName: a}}|InvalidSpec",
      "azure account and Secret|storage: {azure: {container: c-1, accountName: a, credentialsSecret: {name: az}}}|InvalidSpec",
      "two replicas azure memory|{replicas: 2, storage: {azure: {container: c-1, accountName: a}}}|UnsafeConfiguration",
      "two replicas azure redis|{replicas: 2, locker: redis, redis: {url: 'redis://r:6379'}, storage: {azure: {container: c-1, accountName: a}}}|",
      "grpc without address|{storage: {file: {}}, hooks: {grpc: {retry: 1}}}|InvalidSpec",
      "grpc TLS half a key pair|{storage: {file: {}}, hooks: {grpc: {address: 'h:1', tlsSecret: {name: t, certKey: c}}}}|InvalidSpec",
      "grpc with TLS|{storage: {file: {}}, hooks: {grpc: {address: 'h:1', tlsSecret: {name: t, certKey: c, keyKey: k}}}}|",
      "two backends|storage: {file: {}, s3: {bucket: b-1}}|InvalidSpec",
      "class with existing claim|storage: {file: {existingClaim: c, storageClassName: x}}|InvalidSpec",
      "deleteClaim with existing claim|storage: {file: {existingClaim: c, deleteClaim: true}}|InvalidSpec",
      "nodePort on ClusterIP|{storage: {file: {}}, service: {nodePort: 30080}}|InvalidSpec",
      "bad base path|{storage: {file: {}}, server: {basePath: files}}|InvalidSpec",
      "two replicas memory locker|{replicas: 2, storage: {file: {accessModes: [ReadWriteMany]}}}|UnsafeConfiguration",
      "two replicas RWO|{replicas: 2, locker: file, storage: {file: {}}}|UnsafeConfiguration",
      "two replicas s3|{replicas: 2, locker: file, storage: {s3: {bucket: b-1}}}|UnsafeConfiguration",
      "two replicas shared|{replicas: 2, locker: file, storage: {file: {accessModes: [ReadWriteMany]}}}|",
      "metrics on the server port|{storage: {file: {}}, metrics: {port: 1080}}|InvalidSpec",
      "metrics on the service port|{storage: {file: {}}, metrics: {port: 8080}, service: {port: 8080}}|InvalidSpec",
      "metrics port apart|{storage: {file: {}}, metrics: {port: 9100}, service: {port: 8080}}|",
      "extraArgs repeating a set flag|{storage: {file: {}}, server: {extraArgs: [-port=9999]}}|InvalidSpec",
      "extraArgs repeating with two dashes|{storage: {file: {}}, server: {extraArgs: [--base-path, /x/]}}|InvalidSpec",
      "extraArgs with a new flag|{storage: {file: {}}, server: {extraArgs: [-verbose]}}|",
      "storeSize with redis|{locker: redis, redis: {url: 'redis://r:6379'}, storage: {s3: {bucket: b-1}}, server: {storeSize: 1Ti}}|InvalidSpec",
      "storeSize with etcd|{locker: etcd, etcd: {endpoints: ['http://e:2379']}, storage: {s3: {bucket: b-1}}, server: {storeSize: 1Ti}}|InvalidSpec",
      "store-size in extraArgs with redis|{locker: redis, redis: {url: 'redis://r:6379'}, storage: {s3: {bucket: b-1}}, server: {extraArgs: [-store-size=1TiB]}}|InvalidSpec",
      "storeSize with the file locker|{locker: file, storage: {file: {}}, server: {storeSize: 1Ti}}|",
      "grpc hook timeout 0s|{storage: {file: {}}, hooks: {grpc: {address: 'h:1', timeout: 0s}}}|InvalidSpec",
      "http hook timeout 0ms|{storage: {file: {}}, hooks: {http: {url: 'http://h/', timeout: 0ms}}}|InvalidSpec",
      "network timeout 0h0m|{storage: {file: {}}, server: {networkTimeout: 0h0m}}|InvalidSpec",
      "lock wait 0|{storage: {file: {}}, server: {acquireLockTimeout: '0'}}|InvalidSpec",
      "ten digits|{storage: {file: {}}, server: {expiration: 1000000000s}}|InvalidSpec",
      "zero where the server allows it|{storage: {file: {}}, server: {expiration: '0', shutdownTimeout: 0s}, hooks: {http: {url: 'http://h/', backoff: '0', timeout: 1ms}, grpc: {address: 'h:1', backoff: 0s, timeout: 1ms}}}|",
  })
  void reportsTheFirstProblemWithItsReason(String name, String spec, String reason) {
    String yaml = "apiVersion: resumable.dev/v1alpha1\nkind: TusServer\nmetadata: {name: t, namespace: n}\n"
        + "spec: " + (spec.startsWith("{") ? spec : "{" + spec + "}") + "\n";
    Optional<Problem> problem = SpecValidator.validate(TestResources.tusServer(yaml));
    if (reason == null) {
      assertThat(problem).isEmpty();
    } else {
      assertThat(problem).get().extracting(Problem::reason).isEqualTo(reason);
    }
    assertThat(Reasons.INVALID_SPEC).isNotEqualTo(Reasons.UNSAFE_CONFIGURATION);
  }
}
