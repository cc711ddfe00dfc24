package dev.resumable.tus.cli;

import picocli.CommandLine.Option;

/** Where Prometheus metrics are served. */
final class MetricsOptions {
  @Option(names = {"-expose-metrics", "--expose-metrics"}, arity = "0..1", defaultValue = "true",
      description = "Serve Prometheus metrics (default: ${DEFAULT-VALUE}).")
  boolean exposeMetrics;

  @Option(names = {"-metrics-path", "--metrics-path"}, paramLabel = "PATH", defaultValue = "/metrics",
      description = "Path of the metrics (default: ${DEFAULT-VALUE}).")
  String metricsPath;

  @Option(names = {"-metrics-port", "--metrics-port"}, paramLabel = "PORT", defaultValue = "-1",
      description = "Serve metrics on this separate port instead of the main one (probes answer on both).")
  int metricsPort;

  /** Checks what picocli cannot. */
  void validate() {
    if (metricsPort > 65535 || metricsPort < -1) {
      throw new FlagException("-metrics-port must be between 0 and 65535, got " + metricsPort);
    }
    if (!metricsPath.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw new FlagException("-metrics-path must be an absolute path, got '" + metricsPath + "'");
    }
  }
}
