package dev.resumable.tus.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.resumable.tus.server.UnixSocketBridge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * The tusd v2 flags that have no home in another flag group: those accepted with tusd's meaning
 * ({@code -unix-sock}, {@code -enable-h2c}, {@code -show-startup-logs}, {@code -s3-log-api-calls}, {@code -request-completion-timeout})
 * and those refused, each with one line saying why and what to use instead (exit status 2). A boolean flag set to
 * {@code false} is always accepted, since it asks for what this server does anyway. docs/tusd-flags.md has the table.
 */
final class TusdOptions {
  private static final String BOOLEAN_LABEL = "BOOL";

  @Option(names = {"-enable-h2c", "--enable-h2c"}, arity = "0..1", fallbackValue = "true", defaultValue = "false",
      paramLabel = BOOLEAN_LABEL, description = "Accept HTTP/2 without TLS (h2c: prior knowledge or Upgrade).")
  boolean enableH2c;

  @Option(names = {"-show-startup-logs", "--show-startup-logs"}, arity = "0..1", fallbackValue = "true",
      defaultValue = "true", paramLabel = BOOLEAN_LABEL,
      description = "Log the configuration at start-up (default: ${DEFAULT-VALUE}).")
  boolean showStartupLogs;

  @Option(names = {"-s3-log-api-calls", "--s3-log-api-calls"}, arity = "0..1", fallbackValue = "true",
      defaultValue = "false", paramLabel = BOOLEAN_LABEL,
      description = "Log every S3 API call (the AWS SDK's request log, debug level).")
  boolean s3LogApiCalls;

  @Option(names = {"-request-completion-timeout", "--request-completion-timeout"}, paramLabel = "DURATION",
      defaultValue = "10s", converter = DurationConverter.class,
      description = "tusd: how long store operations may go on after the client went away. Here they stop at once "
          + "(the received bytes are kept), which is within any value (default: ${DEFAULT-VALUE}).")
  Duration requestCompletionTimeout;

  @Option(names = {"-unix-sock", "--unix-sock"}, paramLabel = "PATH",
      description = "Listen on this Unix domain socket instead of -host/-port (relayed to a loopback listener).")
  Path unixSock;

  @Option(names = {"-enable-experimental-protocol", "--enable-experimental-protocol"}, arity = "0..1",
      fallbackValue = "true", paramLabel = BOOLEAN_LABEL,
      description = "Not supported: the IETF resumable-upload draft is not implemented (tus 1.0.0 only).")
  String enableExperimentalProtocol;

  @Option(names = {"-dir-perms", "--dir-perms"}, paramLabel = "OCTAL",
      description = "Not supported: directories get the process umask's permissions.")
  String dirPerms;

  @Option(names = {"-file-perms", "--file-perms"}, paramLabel = "OCTAL",
      description = "Not supported: files get the process umask's permissions.")
  String filePerms;

  @Option(names = {"-s3-transfer-acceleration", "--s3-transfer-acceleration"}, arity = "0..1",
      fallbackValue = "true", paramLabel = BOOLEAN_LABEL,
      description = "Not supported: set -s3-endpoint to the accelerated endpoint instead.")
  String s3TransferAcceleration;

  @Option(names = {"-gcs-bucket", "--gcs-bucket"}, paramLabel = "BUCKET",
      description = "Not supported: the GCS store is not built yet.")
  String gcsBucket;

  @Option(names = {"-gcs-object-prefix", "--gcs-object-prefix"}, paramLabel = "PREFIX",
      description = "Not supported: the GCS store is not built yet.")
  String gcsObjectPrefix;

  @Option(names = {"-gcs-endpoint", "--gcs-endpoint"}, paramLabel = "URL",
      description = "Not supported: the GCS store is not built yet.")
  String gcsEndpoint;

  @Option(names = {"-hooks-http-skip-verify", "--hooks-http-skip-verify"}, arity = "0..1", fallbackValue = "true",
      paramLabel = BOOLEAN_LABEL,
      description = "Not supported: hook receivers' certificates are always verified.")
  String hooksHttpSkipVerify;

  @Option(names = {"-hooks-plugin", "--hooks-plugin"}, paramLabel = "PATH",
      description = "Not supported: Go plugins cannot run on the JVM.")
  String hooksPlugin;

  @Option(names = {"-expose-pprof", "--expose-pprof"}, arity = "0..1", fallbackValue = "true",
      paramLabel = BOOLEAN_LABEL, description = "Not supported: pprof is Go's profiler.")
  String exposePprof;

  @Option(names = {"-pprof-path", "--pprof-path"}, paramLabel = "PATH",
      description = "Not supported: pprof is Go's profiler.")
  String pprofPath;

  @Option(names = {"-pprof-block-profile-rate", "--pprof-block-profile-rate"}, paramLabel = "N",
      description = "Not supported: pprof is Go's profiler.")
  String pprofBlockProfileRate;

  @Option(names = {"-pprof-mutex-profile-rate", "--pprof-mutex-profile-rate"}, paramLabel = "N",
      description = "Not supported: pprof is Go's profiler.")
  String pprofMutexProfileRate;

  /** Refuses any unsupported flag that was given, with tusd's name, the reason and what to use instead. */
  void validate() {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put(isTrue(enableExperimentalProtocol) ? "-enable-experimental-protocol" : null,
        "the IETF resumable-upload draft is not implemented; clients speak tus 1.0.0");
    refused.put(dirPerms == null ? null : "-dir-perms", "directories are created with the process umask; set the "
        + "umask (e.g. umask 0002) or, on Kubernetes, the pod's fsGroup");
    refused.put(filePerms == null ? null : "-file-perms", "files are created with the process umask; set the umask "
        + "(e.g. umask 0002) or, on Kubernetes, the pod's fsGroup");
    refused.put(isTrue(s3TransferAcceleration) ? "-s3-transfer-acceleration" : null,
        "not supported; use -s3-endpoint with the bucket's accelerated endpoint (see docs/s3.md)");
    String gcs = gcsBucket != null ? "-gcs-bucket" : gcsObjectPrefix != null ? "-gcs-object-prefix"
        : gcsEndpoint != null ? "-gcs-endpoint" : null;
    refused.put(gcs, "the GCS store is not built yet; use -s3-bucket with GCS's S3-compatible XML API "
        + "(-s3-endpoint https://storage.googleapis.com and HMAC keys)");
    refused.put(isTrue(hooksHttpSkipVerify) ? "-hooks-http-skip-verify" : null, "certificate checks are never "
        + "skipped; add the receiver's CA to the JVM trust store (-Djavax.net.ssl.trustStore in JAVA_TOOL_OPTIONS)");
    refused.put(hooksPlugin == null ? null : "-hooks-plugin", "Go plugins cannot be loaded into the JVM; use "
        + "-hooks-grpc, -hooks-http or -hooks-dir");
    String pprof = isTrue(exposePprof) ? "-expose-pprof" : pprofPath != null ? "-pprof-path"
        : pprofBlockProfileRate != null ? "-pprof-block-profile-rate"
        : pprofMutexProfileRate != null ? "-pprof-mutex-profile-rate" : null;
    refused.put(pprof, "pprof is Go's profiler and not applicable on the JVM; use Java Flight Recorder "
        + "(jcmd <pid> JFR.start) or the JVM metrics under -metrics-path");
    for (Map.Entry<String, String> entry : refused.entrySet()) {
      if (entry.getKey() != null) {
        throw new FlagException(entry.getKey() + " is not supported: " + entry.getValue());
      }
    }
    if (requestCompletionTimeout.isZero()) {
      throw new FlagException("-request-completion-timeout must be positive");
    }
  }

  /**
   * The Unix domain socket listener of {@code -unix-sock}, relaying to the server's loopback port; null without it.
   */
  UnixSocketBridge unixSocket(int loopbackPort) {
    if (unixSock == null) {
      return null;
    }
    try {
      return UnixSocketBridge.start(unixSock, new InetSocketAddress("127.0.0.1", loopbackPort));
    } catch (IOException | UnsupportedOperationException e) {
      throw new ServerCommand.StartupException("cannot listen on the Unix socket " + unixSock + ": " + e.getMessage());
    }
  }

  /** Applies the logging flags: the AWS SDK's request log with {@code -s3-log-api-calls}. */
  void applyLogging() {
    if (s3LogApiCalls && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger("software.amazon.awssdk.request").setLevel(Level.DEBUG);
    }
  }

  /**
   * Hides the start-up configuration lines (info level of the command-line classes) while {@code -show-startup-logs}
   * is false; the returned handle restores the levels.
   */
  AutoCloseable startupLogs() {
    if (showStartupLogs || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return () -> { };
    }
    ch.qos.logback.classic.Logger cli = context.getLogger("dev.resumable.tus.cli");
    Level before = cli.getLevel();
    cli.setLevel(Level.WARN);
    return () -> cli.setLevel(before);
  }

  private static boolean isTrue(String value) {
    return value != null && !value.isBlank() && !"false".equals(value.trim().toLowerCase(Locale.ROOT));
  }
}
