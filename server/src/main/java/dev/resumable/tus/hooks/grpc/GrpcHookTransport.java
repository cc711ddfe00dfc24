package dev.resumable.tus.hooks.grpc;

import dev.resumable.tus.hooks.HookCall;
import dev.resumable.tus.hooks.HookException;
import dev.resumable.tus.hooks.HookResult;
import dev.resumable.tus.hooks.HookTransport;
import dev.resumable.tus.hooks.HookType;
import dev.resumable.tus.hooks.grpc.proto.HookHandlerGrpc;
import dev.resumable.tus.hooks.grpc.proto.HookRequest;
import dev.resumable.tus.hooks.grpc.proto.HookResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC hooks: each event is one {@code InvokeHook} call of tusd v2's {@code proto.HookHandler} service on one
 * channel (HTTP/2, plaintext or TLS, optionally with a client certificate). A call that fails in a way that may
 * pass (unavailable, deadline exceeded, resource exhausted, aborted, internal or unknown error) is retried
 * {@code retry} times, waiting {@code backoff}, then twice that, and so on, like HTTP hooks; other status codes
 * fail at once. Each call carries the configured client headers and, on asynchronous events, an
 * {@code idempotency-key} as metadata.
 */
public final class GrpcHookTransport implements HookTransport, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcHookTransport.class);
  private static final Metadata.Key<String> IDEMPOTENCY_KEY =
      Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final Set<Status.Code> RETRYABLE = EnumSet.of(Status.Code.UNAVAILABLE,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.INTERNAL,
      Status.Code.UNKNOWN);

  private final String target;
  private final int retry;
  private final Duration backoff;
  private final Duration timeout;
  private final List<String> forwardHeaders;
  private final ManagedChannel channel;
  private final HookHandlerGrpc.HookHandlerBlockingStub stub;

  /**
   * A channel to the receiver as the settings describe it. The connection is made on first use (and again after
   * each loss), so a receiver that starts later is no start-up failure.
   *
   * @throws IOException when a certificate or key file cannot be read
   */
  public GrpcHookTransport(GrpcHookSettings settings) throws IOException {
    this.target = settings.target();
    this.retry = Math.max(0, settings.retry());
    this.backoff = settings.backoff();
    this.timeout = settings.timeout();
    this.forwardHeaders = settings.forwardHeaders();
    this.channel = Grpc.newChannelBuilder(target, credentials(settings)).userAgent("tus-server-hooks").build();
    this.stub = HookHandlerGrpc.newBlockingStub(channel);
  }

  private static ChannelCredentials credentials(GrpcHookSettings settings) throws IOException {
    if (!settings.secure()) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    if (settings.serverCertificate() != null) {
      tls.trustManager(settings.serverCertificate().toFile());
    }
    if (settings.clientCertificate() != null) {
      tls.keyManager(settings.clientCertificate().toFile(), settings.clientKey().toFile());
    }
    return tls.build();
  }

  @Override
  public String name() {
    return "grpc";
  }

  @Override
  public boolean handles(HookType type) {
    return true;
  }

  @Override
  public HookResult invoke(HookCall call) throws HookException, InterruptedException {
    HookRequest request;
    try {
      request = GrpcMessages.request(call.body());
    } catch (IOException e) {
      throw new HookException("cannot translate the hook request: " + e.getMessage(), null, false);
    }
    HookException last = null;
    for (int attempt = 0; attempt <= retry; attempt++) {
      if (attempt > 0) {
        long wait = backoff.toMillis() << Math.min(attempt - 1, 10);
        LOG.info("{} hook for {} failed ({}); retry {} of {} in {} ms", call.type().eventName(), call.uploadId(),
            last.getMessage(), attempt, retry, wait);
        Thread.sleep(wait);
      }
      try {
        return once(call, request);
      } catch (HookException e) {
        last = e;
        if (!e.isRetryable()) {
          throw e;
        }
      }
    }
    throw last;
  }

  private HookResult once(HookCall call, HookRequest request) throws HookException, InterruptedException {
    HookResponse response;
    try {
      response = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(call)))
          .invokeHook(request);
    } catch (StatusRuntimeException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while calling the gRPC hook receiver " + target);
      }
      Status status = e.getStatus();
      String description = status.getDescription() == null ? "" : ": " + status.getDescription();
      throw new HookException("gRPC hook receiver " + target + " answered " + status.getCode() + description, null,
          RETRYABLE.contains(status.getCode()));
    }
    return GrpcMessages.result(response);
  }

  private Metadata metadata(HookCall call) {
    Metadata metadata = new Metadata();
    if (call.idempotencyKey() != null) {
      metadata.put(IDEMPOTENCY_KEY, call.idempotencyKey());
    }
    for (String name : forwardHeaders) {
      for (Map.Entry<String, List<String>> header : call.requestHeaders().entrySet()) {
        if (!header.getKey().equalsIgnoreCase(name) || header.getValue().isEmpty()) {
          continue;
        }
        try {
          metadata.put(Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
              header.getValue().get(0));
        } catch (IllegalArgumentException e) {
          LOG.debug("header {} cannot be forwarded as gRPC metadata: {}", name, e.getMessage());
        }
      }
    }
    return metadata;
  }

  /** Closes the channel, giving calls in flight a moment to end. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "grpc hooks at " + target;
  }
}
