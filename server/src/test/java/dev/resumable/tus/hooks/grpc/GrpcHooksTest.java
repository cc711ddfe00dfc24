package dev.resumable.tus.hooks.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.hooks.HookDispatcher;
import dev.resumable.tus.hooks.HookSettings;
import dev.resumable.tus.hooks.HookTransport;
import dev.resumable.tus.hooks.HookType;
import dev.resumable.tus.hooks.grpc.proto.FileInfo;
import dev.resumable.tus.hooks.grpc.proto.FileInfoChanges;
import dev.resumable.tus.hooks.grpc.proto.HTTPRequest;
import dev.resumable.tus.hooks.grpc.proto.HTTPResponse;
import dev.resumable.tus.hooks.grpc.proto.HookResponse;
import dev.resumable.tus.metrics.TusMetrics;
import dev.resumable.tus.store.Lister;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestCertificates;
import dev.resumable.tus.testing.TestServer;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC hooks against a real grpc-java receiver on loopback speaking tusd's {@code proto.HookHandler}: every event's
 * fields, rejections, ChangeFileInfo, retries with backoff, durable post-finish, TLS and mutual TLS.
 */
class GrpcHooksTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path tmp;

  private GrpcReceiver receiver;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void receiver() throws Exception {
    receiver = new GrpcReceiver();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    receiver.close();
  }

  private GrpcHookSettings grpc(String target, int retry, Duration backoff) {
    return new GrpcHookSettings(target, retry, backoff, Duration.ofSeconds(5), false, null, null, null,
        List.of("Authorization"));
  }

  private static HookSettings hookSettings(Set<HookType> enabled, Path outbox) {
    return new HookSettings(enabled, null, Duration.ofSeconds(5), null, 0, Duration.ofMillis(100),
        Duration.ofSeconds(5), List.of(), 65536, null, Duration.ofSeconds(1), outbox);
  }

  private TestServer start(GrpcHookSettings grpc, Set<HookType> enabled, TusMetrics metrics) throws IOException {
    HookTransport transport = new GrpcHookTransport(grpc);
    HookDispatcher hooks = HookDispatcher.start(hookSettings(enabled, tmp.resolve("outbox")),
        metrics == null ? null : metrics.registry(), List.of(transport));
    TestServer server = TestServer.start(tmp.resolve("uploads"), b -> b.hooks(hooks));
    open.add(server);
    open.add(hooks::close);
    return server;
  }

  private TestServer start() throws IOException {
    return start(grpc(receiver.target(), 0, Duration.ofMillis(100)), EnumSet.allOf(HookType.class), null);
  }

  private static RawHttp.Response create(TestServer server, long length, String metadata) throws Exception {
    RawHttp request = server.request("POST", "/files/").tus().header("Upload-Length", length)
        .header("Authorization", "Bearer abc");
    if (metadata != null) {
      request.header("Upload-Metadata", metadata);
    }
    return request.send();
  }

  private static RawHttp.Response patch(TestServer server, String path, long offset, String text) throws Exception {
    return server.request("PATCH", path).tus().header("Content-Type", "application/offset+octet-stream")
        .header("Upload-Offset", offset).body(text.getBytes(StandardCharsets.US_ASCII)).send();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static HookResponse reject(int status, String body) {
    return HookResponse.newBuilder().setRejectUpload(true).setHttpResponse(HTTPResponse.newBuilder()
        .setStatusCode(status).setBody(body).putHeader("X-Reason", "quota")).build();
  }

  @Test
  @DisplayName("every event reaches the gRPC receiver in order, with tusd's fields, metadata and idempotency keys")
  void everyEventWithItsFields() throws Exception {
    TusMetrics metrics = new TusMetrics();
    TestServer server = start(grpc(receiver.target(), 0, Duration.ofMillis(100)), EnumSet.allOf(HookType.class),
        metrics);
    RawHttp.Response created = create(server, 10, "filename " + b64("a.txt") + ",empty");
    assertThat(created.status).isEqualTo(201);
    String path = TestServer.pathOf(created.header("Location"));
    String id = TestServer.idOf(path);
    assertThat(patch(server, path, 0, "0123").status).isEqualTo(204);
    assertThat(patch(server, path, 4, "456789").status).isEqualTo(204);
    assertThat(server.request("HEAD", path).tus().send().status).isEqualTo(200);
    assertThat(server.request("DELETE", path).tus().send().status).isEqualTo(204);
    receiver.await(r -> receiver.of("post-terminate").size() == 1, WAIT);

    assertThat(receiver.of("pre-create")).hasSize(1);
    assertThat(receiver.of("pre-access")).hasSize(4);
    assertThat(receiver.of("pre-finish")).hasSize(1);
    assertThat(receiver.of("pre-terminate")).hasSize(1);
    List<String> async = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    for (GrpcReceiver.Received r : receiver.received) {
      if (r.type().startsWith("post-")) {
        async.add(r.type());
        offsets.add(r.request().getEvent().getUpload().getOffset());
      }
    }
    assertThat(async).containsExactly("post-create", "post-receive", "post-receive", "post-finish",
        "post-terminate");
    assertThat(offsets).containsExactly(0L, 4L, 10L, 10L, 10L);

    GrpcReceiver.Received preCreate = receiver.of("pre-create").get(0);
    FileInfo upload = preCreate.request().getEvent().getUpload();
    assertThat(upload.getId()).isEmpty();
    assertThat(upload.getSize()).isEqualTo(10);
    assertThat(upload.getStorageMap()).isEmpty();
    assertThat(upload.getMetaDataMap()).containsEntry("filename", "a.txt").containsEntry("empty", "");
    HTTPRequest request = preCreate.request().getEvent().getHttpRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUri()).isEqualTo("/files/");
    assertThat(request.getRemoteAddr()).startsWith("127.0.0.1:");
    assertThat(request.getHeaderMap()).containsEntry("Tus-Resumable", "1.0.0").containsEntry("Upload-Length", "10");
    assertThat(preCreate.meta("authorization")).as("forwarded header").isEqualTo("Bearer abc");
    assertThat(preCreate.meta("idempotency-key")).as("blocking events carry no key").isNull();

    GrpcReceiver.Received finish = receiver.of("post-finish").get(0);
    FileInfo done = finish.request().getEvent().getUpload();
    assertThat(done.getId()).isEqualTo(id);
    assertThat(done.getSize()).isEqualTo(10);
    assertThat(done.getOffset()).isEqualTo(10);
    assertThat(done.getSizeIsDeferred()).isFalse();
    assertThat(done.getIsPartial()).isFalse();
    assertThat(done.getIsFinal()).isFalse();
    assertThat(done.getPartialUploadsList()).isEmpty();
    assertThat(done.getStorageMap()).containsEntry("Type", "filestore");
    assertThat(done.getStorageMap().get("Path")).endsWith(id);
    assertThat(done.getStorageMap().get("InfoPath")).endsWith(id + ".info");
    assertThat(finish.request().getEvent().getHttpRequest().getMethod()).isEqualTo("PATCH");
    assertThat(finish.request().getEvent().getHttpRequest().getUri()).isEqualTo(path);
    assertThat(finish.meta("idempotency-key")).isEqualTo(id + ":post-finish");
    assertThat(receiver.of("pre-access").get(2).request().getEvent().getHttpRequest().getMethod())
        .isEqualTo("HEAD");
    assertThat(receiver.of("pre-terminate").get(0).request().getEvent().getUpload().getId()).isEqualTo(id);
    assertThat(Files.list(tmp.resolve("outbox")).count()).as("delivered post-finish leaves no record").isZero();
    assertThat(metrics.scrape())
        .contains("tusd_hook_invocations_total{hooktype=\"pre-access\"} 4.0")
        .contains("tus_hook_duration_seconds_bucket{hooktype=\"post-finish\",transport=\"grpc\",le=");
  }

  @Test
  @DisplayName("concatenation: partial and final uploads carry IsPartial, IsFinal and PartialUploads")
  void concatenationFields() throws Exception {
    TestServer server = start();
    String[] partials = new String[2];
    for (int i = 0; i < 2; i++) {
      RawHttp.Response created = server.request("POST", "/files/").tus().header("Upload-Length", 3)
          .header("Upload-Concat", "partial").send();
      partials[i] = TestServer.pathOf(created.header("Location"));
      assertThat(patch(server, partials[i], 0, "abc").status).isEqualTo(204);
    }
    RawHttp.Response fin = server.request("POST", "/files/").tus()
        .header("Upload-Concat", "final;" + partials[0] + " " + partials[1]).send();
    assertThat(fin.status).isEqualTo(201);
    receiver.await(r -> receiver.of("post-create").size() == 3, WAIT);
    FileInfo partial = receiver.of("post-create").get(0).request().getEvent().getUpload();
    assertThat(partial.getIsPartial()).isTrue();
    FileInfo last = receiver.of("post-create").get(2).request().getEvent().getUpload();
    assertThat(last.getIsFinal()).isTrue();
    assertThat(last.getPartialUploadsList()).containsExactly(TestServer.idOf(partials[0]),
        TestServer.idOf(partials[1]));
  }

  @Test
  @DisplayName("pre-create rejection: the hook's status, body and headers; tusd's 400 without them")
  void preCreateRejection() throws Exception {
    receiver.responder = r -> r.getType().equals("pre-create") ? reject(403, "no uploads for you")
        : HookResponse.getDefaultInstance();
    TestServer server = start();
    RawHttp.Response response = create(server, 10, null);
    assertThat(response.status).isEqualTo(403);
    assertThat(response.text()).isEqualTo("no uploads for you");
    assertThat(response.header("X-Reason")).isEqualTo("quota");
    receiver.responder = r -> HookResponse.newBuilder().setRejectUpload(true).build();
    RawHttp.Response plain = create(server, 10, null);
    assertThat(plain.status).isEqualTo(400);
    assertThat(plain.text()).contains("upload creation has been rejected by server");
    assertThat(((Lister) server.store).listIds()).isEmpty();
  }

  @Test
  @DisplayName("ChangeFileInfo sets the new upload's ID and metadata; pre-finish adds to the finishing response")
  void changeFileInfoAndPreFinishResponse() throws Exception {
    receiver.responder = r -> switch (r.getType()) {
      case "pre-create" -> HookResponse.newBuilder().setChangeFileInfo(FileInfoChanges.newBuilder()
          .setId("chosen-by-hook").putMetaData("owner", "alice")).build();
      case "pre-finish" -> HookResponse.newBuilder().setHttpResponse(HTTPResponse.newBuilder()
          .putHeader("X-Processed", "yes")).build();
      default -> HookResponse.getDefaultInstance();
    };
    TestServer server = start();
    RawHttp.Response created = create(server, 3, "filename " + b64("x"));
    assertThat(created.status).isEqualTo(201);
    assertThat(created.header("Location")).endsWith("/files/chosen-by-hook");
    RawHttp.Response head = server.request("HEAD", "/files/chosen-by-hook").tus().send();
    assertThat(head.header("Upload-Metadata")).isEqualTo("owner " + b64("alice"));
    RawHttp.Response finished = patch(server, "/files/chosen-by-hook", 0, "abc");
    assertThat(finished.status).isEqualTo(204);
    assertThat(finished.header("X-Processed")).isEqualTo("yes");
  }

  @Test
  @DisplayName("pre-terminate's rejectTermination (400) and pre-access's rejectAccess (403), fields beyond tusd's")
  void terminationAndAccessRejections() throws Exception {
    TestServer server = start();
    String path = TestServer.pathOf(create(server, 3, null).header("Location"));
    receiver.responder = r -> r.getType().equals("pre-terminate")
        ? HookResponse.newBuilder().setRejectTermination(true).build() : HookResponse.getDefaultInstance();
    RawHttp.Response delete = server.request("DELETE", path).tus().send();
    assertThat(delete.status).isEqualTo(400);
    assertThat(delete.text()).contains("upload termination has been rejected by server");
    receiver.responder = r -> r.getType().equals("pre-access")
        ? HookResponse.newBuilder().setRejectAccess(true).build() : HookResponse.getDefaultInstance();
    assertThat(server.request("HEAD", path).tus().send().status).isEqualTo(403);
    receiver.responder = r -> HookResponse.getDefaultInstance();
    assertThat(server.request("HEAD", path).tus().send().status).isEqualTo(200);
  }

  @Test
  @DisplayName("post-receive's stopUpload ends the PATCH with 400 and terminates the upload, as in tusd")
  void stopUpload() throws Exception {
    receiver.responder = r -> r.getType().equals("post-receive")
        ? HookResponse.newBuilder().setStopUpload(true).build() : HookResponse.getDefaultInstance();
    HookTransport transport = new GrpcHookTransport(grpc(receiver.target(), 0, Duration.ofMillis(100)));
    HookSettings settings = new HookSettings(EnumSet.allOf(HookType.class), null, Duration.ofSeconds(5), null, 0,
        Duration.ofMillis(100), Duration.ofSeconds(5), List.of(), 65536, null, Duration.ofMillis(100),
        tmp.resolve("outbox"));
    HookDispatcher hooks = HookDispatcher.start(settings, null, List.of(transport));
    open.add(hooks::close);
    TestServer server = TestServer.start(tmp.resolve("uploads"), b -> b.hooks(hooks));
    open.add(server);
    String path = server.create(1_000_000);
    RawHttp.Response response;
    try (java.net.Socket socket = RawHttp.openPatch(server.port(), path, 0, 1_000_000, new byte[1000])) {
      java.io.OutputStream out = socket.getOutputStream();
      java.io.InputStream in = socket.getInputStream();
      // keep sending, slowly, until the server answers: progress events need bytes arriving over time
      for (int i = 0; i < 60 && in.available() == 0; i++) {
        Thread.sleep(250);
        if (in.available() == 0) {
          out.write(new byte[1000]);
          out.flush();
        }
      }
      response = RawHttp.Response.read(in, "PATCH");
    }
    assertThat(response.status).isEqualTo(400);
    assertThat(response.text()).contains("upload has been stopped by server");
    assertThat(server.request("HEAD", path).tus().send().status).as("the stopped upload is terminated")
        .isEqualTo(404);
  }

  @Test
  @DisplayName("UNAVAILABLE is retried with doubling backoff; PERMISSION_DENIED is not; exhausted retries are a 500")
  void retriesWithBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Long> times = new ArrayList<>();
    receiver.responder = r -> {
      times.add(System.nanoTime());
      if (calls.incrementAndGet() <= 2) {
        throw Status.UNAVAILABLE.withDescription("warming up").asRuntimeException();
      }
      return HookResponse.getDefaultInstance();
    };
    TestServer server = start(grpc(receiver.target(), 3, Duration.ofMillis(200)), EnumSet.of(HookType.PRE_CREATE),
        null);
    assertThat(create(server, 10, null).status).isEqualTo(201);
    assertThat(calls.get()).isEqualTo(3);
    assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0))).isGreaterThanOrEqualTo(190);
    assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(2) - times.get(1))).isGreaterThanOrEqualTo(390);

    calls.set(0);
    receiver.responder = r -> {
      calls.incrementAndGet();
      throw Status.PERMISSION_DENIED.withDescription("secret detail").asRuntimeException();
    };
    RawHttp.Response denied = create(server, 10, null);
    assertThat(denied.status).isEqualTo(500);
    assertThat(denied.text()).isEqualTo("internal server error\n");
    assertThat(calls.get()).as("not retried").isEqualTo(1);

    calls.set(0);
    receiver.responder = r -> {
      calls.incrementAndGet();
      throw Status.UNAVAILABLE.asRuntimeException();
    };
    assertThat(create(server, 10, null).status).isEqualTo(500);
    assertThat(calls.get()).as("1 call + 3 retries").isEqualTo(4);
    assertThat(((Lister) server.store).listIds()).hasSize(1);
  }

  @Test
  @DisplayName("an unreachable receiver fails a blocking hook with a 500 after the retries, no hang")
  void unreachableReceiver() throws Exception {
    String target = receiver.target();
    receiver.close();
    TestServer server = start(grpc(target, 1, Duration.ofMillis(50)), EnumSet.of(HookType.PRE_CREATE), null);
    long started = System.nanoTime();
    assertThat(create(server, 10, null).status).isEqualTo(500);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
  }

  @Test
  @DisplayName("post-finish is recorded, retried while the receiver fails, and redelivered by a new dispatcher")
  void durablePostFinish() throws Exception {
    receiver.responder = r -> {
      throw Status.UNAVAILABLE.asRuntimeException();
    };
    Path outbox = tmp.resolve("outbox");
    HookDispatcher first = HookDispatcher.start(hookSettings(EnumSet.of(HookType.POST_FINISH), outbox), null,
        List.of(new GrpcHookTransport(grpc(receiver.target(), 0, Duration.ofMillis(50)))));
    String id;
    try (TestServer server = TestServer.start(tmp.resolve("uploads"), b -> b.hooks(first))) {
      String path = server.create(3);
      id = TestServer.idOf(path);
      assertThat(patch(server, path, 0, "abc").status).isEqualTo(204);
      receiver.await(r -> receiver.of("post-finish").size() >= 2, WAIT);
      try (var files = Files.list(outbox)) {
        assertThat(files.count()).as("the undelivered post-finish stays recorded").isEqualTo(1);
      }
    } finally {
      first.close();
    }
    receiver.received.clear();
    receiver.responder = r -> HookResponse.getDefaultInstance();
    HookDispatcher second = HookDispatcher.start(hookSettings(EnumSet.of(HookType.POST_FINISH), outbox), null,
        List.of(new GrpcHookTransport(grpc(receiver.target(), 0, Duration.ofMillis(50)))));
    open.add(second::close);
    receiver.await(r -> !receiver.of("post-finish").isEmpty(), WAIT);
    GrpcReceiver.Received redelivered = receiver.of("post-finish").get(0);
    assertThat(redelivered.request().getEvent().getUpload().getId()).isEqualTo(id);
    assertThat(redelivered.request().getEvent().getUpload().getOffset()).isEqualTo(3);
    assertThat(redelivered.meta("idempotency-key")).isEqualTo(id + ":post-finish");
    long deadline = System.nanoTime() + WAIT.toNanos();
    long left;
    do {
      try (var files = Files.list(outbox)) {
        left = files.count();
      }
      Thread.sleep(20);
    } while (left > 0 && System.nanoTime() < deadline);
    assertThat(left).as("record deleted once delivered").isZero();
  }

  @Test
  @DisplayName("TLS: the receiver's certificate is verified; mutual TLS presents the client certificate")
  void tlsAndMutualTls() throws Exception {
    Path serverCert = tmp.resolve("server-cert.pem");
    Path serverKey = tmp.resolve("server-key.pem");
    Path clientCert = tmp.resolve("client-cert.pem");
    Path clientKey = tmp.resolve("client-key.pem");
    Path otherCert = tmp.resolve("other-cert.pem");
    TestCertificates.writePem(TestCertificates.keyStore(tmp, "server"), serverCert, serverKey);
    TestCertificates.writePem(TestCertificates.keyStore(tmp, "client"), clientCert, clientKey);
    TestCertificates.writePem(TestCertificates.keyStore(tmp, "other"), otherCert, tmp.resolve("other-key.pem"));
    receiver.close();
    receiver = new GrpcReceiver(TlsServerCredentials.newBuilder().keyManager(serverCert.toFile(), serverKey.toFile())
        .trustManager(clientCert.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build());

    TestServer mutual = start(new GrpcHookSettings(receiver.target(), 0, Duration.ofMillis(50),
        Duration.ofSeconds(5), true, serverCert, clientCert, clientKey, List.of()), EnumSet.of(HookType.PRE_CREATE),
        null);
    assertThat(create(mutual, 10, null).status).isEqualTo(201);
    assertThat(receiver.of("pre-create")).hasSize(1);
    mutual.close();

    TestServer noClientCert = startAgain(new GrpcHookSettings(receiver.target(), 0, Duration.ofMillis(50),
        Duration.ofSeconds(5), true, serverCert, null, null, List.of()));
    assertThat(create(noClientCert, 10, null).status).as("the receiver requires a client certificate")
        .isEqualTo(500);
    noClientCert.close();

    TestServer wrongTrust = startAgain(new GrpcHookSettings(receiver.target(), 0, Duration.ofMillis(50),
        Duration.ofSeconds(5), true, otherCert, clientCert, clientKey, List.of()));
    assertThat(create(wrongTrust, 10, null).status).as("an untrusted receiver certificate").isEqualTo(500);
    wrongTrust.close();

    TestServer plaintext = startAgain(grpc(receiver.target(), 0, Duration.ofMillis(50)));
    assertThat(create(plaintext, 10, null).status).as("plaintext to a TLS receiver").isEqualTo(500);
    assertThat(receiver.of("pre-create")).hasSize(1);
  }

  private TestServer startAgain(GrpcHookSettings grpc) throws IOException {
    HookTransport transport = new GrpcHookTransport(grpc);
    HookDispatcher hooks = HookDispatcher.start(hookSettings(EnumSet.of(HookType.PRE_CREATE),
        tmp.resolve("outbox")), null, List.of(transport));
    open.add(hooks::close);
    TestServer server = TestServer.start(Files.createTempDirectory(tmp, "uploads"), b -> b.hooks(hooks));
    open.add(server);
    return server;
  }
}
