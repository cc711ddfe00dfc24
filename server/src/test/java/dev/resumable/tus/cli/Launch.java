package dev.resumable.tus.cli;

import java.io.IOException;
import java.util.Map;
import picocli.CommandLine;

/** Starts the real command line in-process: flag parsing, environment defaults and wiring, without signals. */
final class Launch {
  private Launch() {
  }

  static ServerCommand.Running start(Map<String, String> env, String... args) throws IOException {
    ServerCommand command = new ServerCommand();
    CommandLine cli = new CommandLine(command);
    cli.setDefaultValueProvider(new EnvironmentDefaults(env));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.parseArgs(args);
    return command.start();
  }

  static ServerCommand.Running start(String... args) throws IOException {
    return start(Map.of(), args);
  }
}
