package dev.resumable.tus.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Entry point of {@code tus-server.jar}. Exit codes: 0 ok, 1 start-up failure, 2 bad flag value. */
public final class Main {
  private Main() {
  }

  /** Adds each option's environment variable to its help text, so {@code -help} lists both spellings. */
  private static void showEnvironmentNames(CommandSpec spec) {
    for (OptionSpec option : new ArrayList<>(spec.options())) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String[] description = option.description().clone();
      description[description.length - 1] += " [env: " + EnvironmentDefaults.variableOf(option) + "]";
      spec.remove(option);
      spec.addOption(option.toBuilder().description(description).build());
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (blocks while the server runs). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ServerCommand());
    cli.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
    showEnvironmentNames(cli.getCommandSpec());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Go-style flags never cluster: without this picocli reads "-hooks-foo" as "-h" plus more and prints the help.
    cli.setPosixClusteredShortOptionsAllowed(false);
    cli.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("tus-server: " + e.getMessage().replace('\n', ' ') + " (see -help)");
      err.flush();
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      String message = e instanceof ServerCommand.StartupException ? e.getMessage() : e.toString();
      err.println("tus-server: " + message);
      err.flush();
      return 1;
    });
    return cli.execute(args);
  }
}
