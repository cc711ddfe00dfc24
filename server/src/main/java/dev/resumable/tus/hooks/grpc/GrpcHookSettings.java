package dev.resumable.tus.hooks.grpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How gRPC hooks are configured (tusd's {@code -hooks-grpc*} flags, plus {@code -hooks-grpc-timeout}).
 *
 * @param target the receiver, {@code host:port} (or any gRPC target such as {@code dns:///host:port})
 * @param retry retries of a failed call
 * @param backoff the wait before the first retry (doubled for each further one)
 * @param timeout the deadline of one call
 * @param secure TLS to the receiver
 * @param serverCertificate PEM certificates trusted for the receiver, or null for the JVM's default trust
 * @param clientCertificate PEM client certificate chain for mutual TLS, or null
 * @param clientKey PEM (PKCS#8) key of {@code clientCertificate}, or null
 * @param forwardHeaders client request headers sent along as gRPC metadata
 */
public record GrpcHookSettings(String target, int retry, Duration backoff, Duration timeout, boolean secure,
    Path serverCertificate, Path clientCertificate, Path clientKey, List<String> forwardHeaders) {

  /** Copies the list. */
  public GrpcHookSettings {
    forwardHeaders = List.copyOf(forwardHeaders);
  }
}
