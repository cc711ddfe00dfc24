package dev.resumable.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.TestResources;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.reconciler.Problem;
import dev.resumable.operator.reconciler.SpecValidator;
import dev.resumable.tus.cli.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The durations the operator passes to the server mean the same on both sides: a zero the CRD and the operator
 * refuse ({@code InvalidSpec}) is one the real server refuses at start (exit 2 with a one-line reason: the pod would
 * crash-loop), and the zeros they admit start a server. Each case runs the server's executable in a child JVM with
 * the arguments {@link ServerArgs} generates (only the port and the upload directory changed).
 */
class ServerDurationsTest {
  private static final String FILE_STORE = "apiVersion: resumable.dev/v1alpha1\nkind: TusServer\n"
      + "metadata: {name: t, namespace: n}\nspec: {storage: {file: {}}, metrics: {enabled: false}, ";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "-hooks-grpc-timeout|hooks: {grpc: {address: '127.0.0.1:1', timeout: 0s}}}",
      "hook timeouts must be positive|hooks: {http: {url: 'http://127.0.0.1:1/', timeout: 0ms}}}",
      "-network-timeout|server: {networkTimeout: 0h0m}}",
      "-acquire-lock-timeout|server: {acquireLockTimeout: 0s}}"})
  void aZeroTheOperatorRefusesIsOneTheServerRefuses(String refusal, String spec) throws Exception {
    TusServer server = TestResources.tusServer(FILE_STORE + spec);
    assertThat(SpecValidator.validate(server)).as("the operator refuses %s", spec).isPresent()
        .get().extracting(Problem::message).asString().contains("must be positive");
    ChildJvm jvm = ChildJvm.start(dir.resolve("logs"), local(server, ChildJvm.freePort()));
    int exit = jvm.awaitExit(Duration.ofSeconds(120));
    assertThat(exit).as("the server's exit with %s: %s", spec, jvm.stderrText()).isEqualTo(2);
    assertThat(jvm.stderrText()).contains(refusal);
  }

  @Test
  void theZerosTheOperatorAdmitsStartAServer() throws Exception {
    TusServer server = TestResources.tusServer(FILE_STORE + "server: {expiration: '0', shutdownTimeout: 0s,"
        + " networkTimeout: 30s, acquireLockTimeout: 1s}, hooks: {http: {url: 'http://127.0.0.1:1/', backoff: '0',"
        + " timeout: 1s}, grpc: {address: '127.0.0.1:1', backoff: 0s, timeout: 1s}}}");
    assertThat(SpecValidator.validate(server)).isEmpty();
    int port = ChildJvm.freePort();
    try (ChildJvm jvm = ChildJvm.start(dir.resolve("logs"), local(server, port))) {
      jvm.awaitReady(port, Effective.basePath(server), Duration.ofSeconds(120));
    }
  }

  /** The generated arguments with the port and the upload directory of this test. */
  private String[] local(TusServer server, int port) {
    List<String> args = new ArrayList<>();
    for (String arg : ServerArgs.of(server)) {
      if (arg.startsWith("-port=")) {
        args.add("-port=" + port);
      } else if (arg.startsWith("-upload-dir=")) {
        args.add("-upload-dir=" + dir.resolve("uploads"));
      } else {
        args.add(arg);
      }
    }
    args.add("-host=127.0.0.1");
    assertThat(args).contains("-port=" + port, "-upload-dir=" + dir.resolve("uploads"));
    return args.toArray(new String[0]);
  }
}
