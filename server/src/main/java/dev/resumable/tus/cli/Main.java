package dev.resumable.tus.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code tus-server.jar}. Exit codes: 0 ok, 1 start-up failure, 2 bad flag value. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (blocks while the server runs). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ServerCommand());
    cli.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
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
