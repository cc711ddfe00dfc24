package dev.resumable.tus.hooks.grpc;

import dev.resumable.tus.hooks.grpc.proto.HookHandlerGrpc;
import dev.resumable.tus.hooks.grpc.proto.HookRequest;
import dev.resumable.tus.hooks.grpc.proto.HookResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real gRPC hook receiver on a loopback port, implementing tusd's {@code proto.HookHandler} service from the same
 * .proto as the server: it records each request with its metadata and answers with {@link #responder}.
 */
final class GrpcReceiver implements AutoCloseable {
  private static final Context.Key<Metadata> METADATA = Context.key("metadata");

  /** One call as received. */
  record Received(HookRequest request, Metadata metadata) {
    String type() {
      return request.getType();
    }

    String meta(String name) {
      return metadata.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  /** What to answer; throwing a {@link StatusRuntimeException} answers that status. */
  volatile Function<HookRequest, HookResponse> responder = r -> HookResponse.getDefaultInstance();
  private final Server server;

  GrpcReceiver(ServerCredentials credentials) throws IOException {
    HookHandlerGrpc.HookHandlerImplBase service = new HookHandlerGrpc.HookHandlerImplBase() {
      @Override
      public void invokeHook(HookRequest request, StreamObserver<HookResponse> observer) {
        received.add(new Received(request, METADATA.get()));
        HookResponse response;
        try {
          response = responder.apply(request);
        } catch (StatusRuntimeException e) {
          observer.onError(e);
          return;
        }
        observer.onNext(response);
        observer.onCompleted();
      }
    };
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
          ServerCallHandler<Q, A> next) {
        return Contexts.interceptCall(Context.current().withValue(METADATA, headers), call, headers, next);
      }
    };
    NettyServerBuilder builder = credentials == null
        ? NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        : NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials);
    this.server = builder.addService(ServerInterceptors.intercept(service, capture)).build().start();
  }

  /** A plaintext receiver. */
  GrpcReceiver() throws IOException {
    this(null);
  }


  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  List<Received> of(String type) {
    return received.stream().filter(r -> r.type().equals(type)).toList();
  }

  void await(Predicate<List<Received>> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(received)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout + "; received " + types());
      }
      Thread.sleep(20);
    }
  }

  List<String> types() {
    return received.stream().map(Received::type).toList();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
