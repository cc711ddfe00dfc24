package dev.resumable.tus.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads flag values from the environment: {@code -max-size} from {@code TUS_MAX_SIZE}, or from the file named by
 * {@code TUS_MAX_SIZE_FILE} (the container-secret convention). Flags given on the command line win.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;

  EnvironmentDefaults(Map<String, String> env) {
    this.env = env;
  }

  /** The variable name for an option: its longest name, upper case, dashes as underscores. */
  static String variableOf(OptionSpec option) {
    String name = "";
    for (String candidate : option.names()) {
      String stripped = candidate.replaceFirst("^-+", "");
      if (stripped.length() > name.length()) {
        name = stripped;
      }
    }
    return "TUS_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec argSpec) throws IOException {
    if (!(argSpec instanceof OptionSpec)) {
      return null;
    }
    OptionSpec option = (OptionSpec) argSpec;
    if (option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String variable = variableOf(option);
    String value = env.get(variable);
    if (value != null) {
      return value;
    }
    String file = env.get(variable + "_FILE");
    if (file != null) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IOException(variable + "_FILE names an unreadable file: " + file, e);
      }
    }
    return argSpec.defaultValue();
  }
}
