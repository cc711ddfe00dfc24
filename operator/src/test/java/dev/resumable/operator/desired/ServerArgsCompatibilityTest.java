package dev.resumable.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.tus.cli.ServerCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The operator and the server agree on flags: every argument the operator generates for the samples and for a spec
 * using every setting is parsed by the server's own command line (unknown flags and bad values would fail there, and
 * the pod would crash-loop in a cluster).
 */
class ServerArgsCompatibilityTest {

  @ParameterizedTest
  @ValueSource(strings = {"../config/samples/tusserver-file.yaml", "../config/samples/tusserver-s3.yaml",
      "../config/samples/tusserver-s3-ha.yaml", "src/test/resources/compat/tusserver-every-setting.yaml",
      "src/test/resources/compat/tusserver-s3-outbox.yaml", "src/test/resources/compat/tusserver-etcd.yaml",
      "../config/samples/tusserver-azure.yaml", "src/test/resources/compat/tusserver-azure-every-setting.yaml"})
  void serverAcceptsEveryGeneratedArgument(String file) throws Exception {
    TusServer server = load(file);
    List<String> args = ServerArgs.of(server);
    assertThat(args).isNotEmpty();
    assertThatCode(() -> new CommandLine(new ServerCommand()).parseArgs(args.toArray(new String[0])))
        .as("server flags %s", args).doesNotThrowAnyException();
  }

  /**
   * The operator passes locker settings as the server's flag defaults from the environment ({@code TUS_<FLAG>}):
   * each such variable must name a real server flag, or the setting would be silently ignored.
   */
  @ParameterizedTest
  @ValueSource(strings = {"../config/samples/tusserver-s3-ha.yaml", "src/test/resources/compat/tusserver-etcd.yaml"})
  void everyTusEnvironmentVariableNamesAServerFlag(String file) throws Exception {
    Set<String> variables = new TreeSet<>();
    for (OptionSpec option : new CommandLine(new ServerCommand()).getCommandSpec().options()) {
      String longest = "";
      for (String name : option.names()) {
        String stripped = name.replaceFirst("^-+", "");
        longest = stripped.length() > longest.length() ? stripped : longest;
      }
      variables.add("TUS_" + longest.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
    List<String> generated = LockerWiring.env(load(file)).stream().map(EnvVar::getName)
        .filter(name -> name.startsWith("TUS_")).toList();
    assertThat(generated).isNotEmpty();
    assertThat(variables).containsAll(generated);
  }

  private static TusServer load(String file) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return Serialization.unmarshal(in, TusServer.class);
    }
  }
}
