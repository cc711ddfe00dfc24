package dev.resumable.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.tus.cli.ServerCommand;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The operator and the server agree on flags: every argument the operator generates for the samples and for a spec
 * using every setting is parsed by the server's own command line (unknown flags and bad values would fail there, and
 * the pod would crash-loop in a cluster).
 */
class ServerArgsCompatibilityTest {

  @ParameterizedTest
  @ValueSource(strings = {"../config/samples/tusserver-file.yaml", "../config/samples/tusserver-s3.yaml",
      "src/test/resources/compat/tusserver-every-setting.yaml", "src/test/resources/compat/tusserver-s3-outbox.yaml"})
  void serverAcceptsEveryGeneratedArgument(String file) throws Exception {
    TusServer server;
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      server = Serialization.unmarshal(in, TusServer.class);
    }
    List<String> args = ServerArgs.of(server);
    assertThat(args).isNotEmpty();
    assertThatCode(() -> new CommandLine(new ServerCommand()).parseArgs(args.toArray(new String[0])))
        .as("server flags %s", args).doesNotThrowAnyException();
  }
}
