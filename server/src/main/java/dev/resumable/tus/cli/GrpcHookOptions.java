package dev.resumable.tus.cli;

import dev.resumable.tus.hooks.HookTransport;
import dev.resumable.tus.hooks.grpc.GrpcHookSettings;
import dev.resumable.tus.hooks.grpc.GrpcHookTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** tusd's {@code -hooks-grpc*} flags (a mixin of {@link HookOptions}), plus {@code -hooks-grpc-timeout}. */
final class GrpcHookOptions {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcHookOptions.class);

  @Option(names = {"-hooks-grpc", "--hooks-grpc"}, paramLabel = "HOST:PORT",
      description = "gRPC endpoint receiving hooks (tusd v2's proto.HookHandler service).")
  String hooksGrpc;

  @Option(names = {"-hooks-grpc-retry", "--hooks-grpc-retry"}, paramLabel = "N", defaultValue = "3",
      description = "Retries of a gRPC hook call that failed with a server error or timeout "
          + "(default: ${DEFAULT-VALUE}).")
  int hooksGrpcRetry;

  @Option(names = {"-hooks-grpc-backoff", "--hooks-grpc-backoff"}, paramLabel = "DURATION", defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Wait before the first gRPC retry, doubled for each further one (default: ${DEFAULT-VALUE}).")
  Duration hooksGrpcBackoff;

  @Option(names = {"-hooks-grpc-timeout", "--hooks-grpc-timeout"}, paramLabel = "DURATION", defaultValue = "15s",
      converter = DurationConverter.class,
      description = "Deadline of one gRPC hook call (default: ${DEFAULT-VALUE}).")
  Duration hooksGrpcTimeout;

  @Option(names = {"-hooks-grpc-secure", "--hooks-grpc-secure"}, arity = "0..1", defaultValue = "false",
      description = "Speak TLS to the gRPC hook receiver.")
  boolean hooksGrpcSecure;

  @Option(names = {"-hooks-grpc-server-tls-certificate", "--hooks-grpc-server-tls-certificate"}, paramLabel = "FILE",
      description = "PEM certificate(s) trusted for the gRPC hook receiver (default: the JVM's trusted CAs).")
  Path hooksGrpcServerTlsCertificate;

  @Option(names = {"-hooks-grpc-client-tls-certificate", "--hooks-grpc-client-tls-certificate"},
      paramLabel = "FILE", description = "PEM client certificate for mutual TLS with the gRPC hook receiver.")
  Path hooksGrpcClientTlsCertificate;

  @Option(names = {"-hooks-grpc-client-tls-key", "--hooks-grpc-client-tls-key"}, paramLabel = "FILE",
      description = "PEM (PKCS#8) key of -hooks-grpc-client-tls-certificate.")
  Path hooksGrpcClientTlsKey;

  @Option(names = {"-hooks-grpc-forward-headers", "--hooks-grpc-forward-headers"}, paramLabel = "LIST",
      defaultValue = "", description = "Client request headers sent as gRPC metadata, comma-separated.")
  String hooksGrpcForwardHeaders;

  /** True when {@code -hooks-grpc} is set. */
  boolean enabled() {
    return hooksGrpc != null && !hooksGrpc.isBlank();
  }

  /** The receiver, for the start-up log line. */
  String describe() {
    return enabled() ? (hooksGrpcSecure ? "grpcs://" : "grpc://") + hooksGrpc.trim() : "off";
  }

  /** The gRPC transport the flags describe, or none. */
  List<HookTransport> transports() {
    if (!enabled()) {
      return List.of();
    }
    String target = hooksGrpc.trim();
    if (!target.contains(":") || target.startsWith("http://") || target.startsWith("https://")) {
      throw new FlagException("-hooks-grpc must be HOST:PORT (a gRPC target), got '" + target + "'");
    }
    if (hooksGrpcRetry < 0 || hooksGrpcTimeout.isZero()) {
      throw new FlagException("-hooks-grpc-retry must not be negative; -hooks-grpc-timeout must be positive");
    }
    if ((hooksGrpcClientTlsCertificate == null) != (hooksGrpcClientTlsKey == null)) {
      throw new FlagException("-hooks-grpc-client-tls-certificate and -hooks-grpc-client-tls-key go together");
    }
    boolean tlsFiles = hooksGrpcServerTlsCertificate != null || hooksGrpcClientTlsCertificate != null;
    if (tlsFiles && !hooksGrpcSecure) {
      LOG.warn("-hooks-grpc-*-tls-* files are ignored without -hooks-grpc-secure (as in tusd): gRPC hooks use "
          + "plaintext");
    }
    for (Path file : Arrays.asList(hooksGrpcServerTlsCertificate, hooksGrpcClientTlsCertificate,
        hooksGrpcClientTlsKey)) {
      if (hooksGrpcSecure && file != null && !Files.isReadable(file)) {
        throw new ServerCommand.StartupException("gRPC hooks: cannot read " + file);
      }
    }
    List<String> forward = Arrays.stream(hooksGrpcForwardHeaders.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    GrpcHookSettings settings = new GrpcHookSettings(target, hooksGrpcRetry, hooksGrpcBackoff, hooksGrpcTimeout,
        hooksGrpcSecure, hooksGrpcSecure ? hooksGrpcServerTlsCertificate : null,
        hooksGrpcSecure ? hooksGrpcClientTlsCertificate : null, hooksGrpcSecure ? hooksGrpcClientTlsKey : null,
        forward);
    try {
      return List.of(new GrpcHookTransport(settings));
    } catch (IOException | IllegalArgumentException e) {
      throw new ServerCommand.StartupException("gRPC hooks: " + e.getMessage());
    }
  }
}
