package dev.resumable.tus.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.resumable.tus.metrics.TusMetrics;
import dev.resumable.tus.store.Lister;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP hooks against a real receiver on loopback: the events, their JSON, and what responses do. */
class HttpHooksTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path tmp;

  private TestReceiver receiver;

  @BeforeEach
  void receiver() throws Exception {
    receiver = new TestReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private Hooked.Settings settings() {
    return Hooked.settings(receiver, tmp.resolve("outbox"));
  }

  private static RawHttp.Response create(TestServer server, long length, String metadata) throws Exception {
    RawHttp request = server.request("POST", "/files/").tus().header("Upload-Length", length);
    if (metadata != null) {
      request.header("Upload-Metadata", metadata);
    }
    return request.send();
  }

  private static RawHttp.Response patch(TestServer server, String path, long offset, byte[] bytes) throws Exception {
    return server.request("PATCH", path).tus().header("Content-Type", "application/offset+octet-stream")
        .header("Upload-Offset", offset).body(bytes).send();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyEventFiresWithTusdJsonInOrder() throws Exception {
    Hooked.Settings settings = settings();
    TusMetrics metrics = new TusMetrics();
    settings.registry = metrics.registry();
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      TestServer server = hooked.server;
      RawHttp.Response created = create(server, 10, "filename " + b64("a.txt") + ",empty");
      assertThat(created.status).isEqualTo(201);
      String path = TestServer.pathOf(created.header("Location"));
      String id = TestServer.idOf(path);
      assertThat(patch(server, path, 0, "0123".getBytes(StandardCharsets.US_ASCII)).status).isEqualTo(204);
      // post-receive is asynchronous, and one still waiting in the upload's queue is replaced by a newer one (see
      // postReceiveWaitingBehindASlowDeliveryIsReplacedByTheNewerOne): the first is delivered before the next PATCH
      receiver.await(r -> TestReceiver.count(r, "post-receive") == 1, WAIT);
      assertThat(patch(server, path, 4, "456789".getBytes(StandardCharsets.US_ASCII)).status).isEqualTo(204);
      assertThat(server.request("HEAD", path).tus().send().status).isEqualTo(200);
      assertThat(server.request("DELETE", path).tus().send().status).isEqualTo(204);
      receiver.await(r -> TestReceiver.count(r, "post-terminate") == 1, WAIT);

      assertThat(TestReceiver.count(receiver.received, "pre-create")).isEqualTo(1);
      assertThat(TestReceiver.count(receiver.received, "pre-access")).isEqualTo(4);
      assertThat(TestReceiver.count(receiver.received, "pre-finish")).isEqualTo(1);
      assertThat(TestReceiver.count(receiver.received, "pre-terminate")).isEqualTo(1);
      List<String> async = new ArrayList<>();
      List<String> offsets = new ArrayList<>();
      for (TestReceiver.Received r : receiver.received) {
        if (r.type().startsWith("post-")) {
          async.add(r.type());
          offsets.add(r.upload("Offset"));
        }
      }
      assertThat(async).containsExactly("post-create", "post-receive", "post-receive", "post-finish",
          "post-terminate");
      assertThat(offsets).containsExactly("0", "4", "10", "10", "10");

      JsonNode preCreate = receiver.of("pre-create").get(0).json();
      assertThat(names(preCreate)).containsExactly("Type", "Event");
      assertThat(names(preCreate.get("Event"))).containsExactly("Upload", "HTTPRequest");
      JsonNode upload = preCreate.at("/Event/Upload");
      assertThat(names(upload)).containsExactly("ID", "Size", "SizeIsDeferred", "Offset", "MetaData", "IsPartial",
          "IsFinal", "PartialUploads", "Storage");
      assertThat(upload.get("ID").asText()).isEmpty();
      assertThat(upload.get("Storage").isNull()).isTrue();
      assertThat(upload.get("MetaData").get("filename").asText()).isEqualTo("a.txt");
      assertThat(upload.get("MetaData").get("empty").asText()).isEmpty();
      JsonNode request = preCreate.at("/Event/HTTPRequest");
      assertThat(names(request)).containsExactly("Method", "URI", "RemoteAddr", "Header");
      assertThat(request.get("Method").asText()).isEqualTo("POST");
      assertThat(request.get("URI").asText()).isEqualTo("/files/");
      assertThat(request.get("RemoteAddr").asText()).startsWith("127.0.0.1:");
      assertThat(request.at("/Header/Tus-Resumable/0").asText()).isEqualTo("1.0.0");
      assertThat(request.at("/Header/Upload-Length/0").asText()).isEqualTo("10");

      TestReceiver.Received finish = receiver.of("post-finish").get(0);
      JsonNode done = finish.json().at("/Event/Upload");
      assertThat(done.get("ID").asText()).isEqualTo(id);
      assertThat(done.get("Size").asLong()).isEqualTo(10);
      assertThat(done.get("Offset").asLong()).isEqualTo(10);
      assertThat(done.get("SizeIsDeferred").asBoolean()).isFalse();
      assertThat(done.get("IsPartial").asBoolean()).isFalse();
      assertThat(done.get("IsFinal").asBoolean()).isFalse();
      assertThat(done.get("PartialUploads").isNull()).isTrue();
      assertThat(done.at("/Storage/Type").asText()).isEqualTo("filestore");
      assertThat(done.at("/Storage/Path").asText()).endsWith(id);
      assertThat(done.at("/Storage/InfoPath").asText()).endsWith(id + ".info");
      assertThat(finish.json().at("/Event/HTTPRequest/Method").asText()).isEqualTo("PATCH");
      assertThat(finish.json().at("/Event/HTTPRequest/URI").asText()).isEqualTo(path);
      assertThat(finish.json().get("IdempotencyKey").asText()).isEqualTo(id + ":post-finish");
      assertThat(finish.headers().getFirst("Idempotency-Key")).isEqualTo(id + ":post-finish");
      assertThat(finish.headers().getFirst("Content-Type")).isEqualTo("application/json");
      assertThat(receiver.of("pre-access").get(2).json().at("/Event/HTTPRequest/Method").asText())
          .isEqualTo("HEAD");
      assertThat(receiver.of("pre-terminate").get(0).json().at("/Event/Upload/ID").asText()).isEqualTo(id);
      assertThat(Files.list(tmp.resolve("outbox")).count()).as("delivered post-finish leaves no record")
          .isZero();

      String scrape = metrics.scrape();
      assertThat(scrape).contains("tusd_hook_invocations_total{hooktype=\"pre-access\"} 4.0")
          .contains("tusd_hook_invocations_total{hooktype=\"post-receive\"} 2.0")
          .contains("tusd_hook_errors_total{hooktype=\"pre-create\"} 0.0")
          .contains("tus_hook_duration_seconds_bucket{hooktype=\"post-finish\",transport=\"http\",le=");
    }
  }

  @Test
  @DisplayName("a post-receive waiting behind a slow delivery is replaced by the newer one; the order holds")
  void postReceiveWaitingBehindASlowDeliveryIsReplacedByTheNewerOne() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    receiver.responder = r -> {
      if (r.type().equals("post-create")) {
        try {
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return TestReceiver.Reply.ok("{}");
    };
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      TestServer server = hooked.server;
      String path = TestServer.pathOf(create(server, 10, null).header("Location"));
      receiver.await(r -> TestReceiver.count(r, "post-create") == 1, WAIT);
      // both PATCHes end while post-create is still being delivered: their post-receives wait in the queue
      assertThat(patch(server, path, 0, "0123".getBytes(StandardCharsets.US_ASCII)).status).isEqualTo(204);
      assertThat(patch(server, path, 4, "456789".getBytes(StandardCharsets.US_ASCII)).status).isEqualTo(204);
      release.countDown();
      receiver.await(r -> TestReceiver.count(r, "post-finish") == 1, WAIT);
      List<String> async = new ArrayList<>();
      for (TestReceiver.Received r : receiver.received) {
        if (r.type().startsWith("post-")) {
          async.add(r.type() + " " + r.upload("Offset"));
        }
      }
      assertThat(async).containsExactly("post-create 0", "post-receive 10", "post-finish 10");
    }
  }

  @Test
  void preCreateRejectionPassesTheHooksStatusBodyAndHeaders() throws Exception {
    receiver.responder = r -> TestReceiver.Reply.ok("{\"RejectUpload\":true,\"HTTPResponse\":{\"StatusCode\":403,"
        + "\"Body\":\"no uploads for you\",\"Header\":{\"X-Reason\":\"quota\"}}}");
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      RawHttp.Response response = create(hooked.server, 10, null);
      assertThat(response.status).isEqualTo(403);
      assertThat(response.text()).isEqualTo("no uploads for you");
      assertThat(response.header("X-Reason")).isEqualTo("quota");
      assertThat(((Lister) hooked.server.store).listIds()).isEmpty();

      receiver.responder = r -> TestReceiver.Reply.ok("{\"RejectUpload\":true}");
      RawHttp.Response plain = create(hooked.server, 10, null);
      assertThat(plain.status).isEqualTo(400);
      assertThat(plain.text()).contains("upload creation has been rejected by server");

      receiver.responder = r -> TestReceiver.Reply.ok("{\"RejectUpload\":true,\"HTTPResponse\":{\"StatusCode\":42}}");
      assertThat(create(hooked.server, 10, null).status).as("a status no response can carry is ignored")
          .isEqualTo(400);
    }
  }

  @Test
  void failingBlockingHookIsAGeneric500UnlessItSentItsOwnResponse() throws Exception {
    receiver.responder = r -> new TestReceiver.Reply(500, "{\"detail\":\"secret stack trace\"}", 0);
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      RawHttp.Response response = create(hooked.server, 10, null);
      assertThat(response.status).isEqualTo(500);
      assertThat(response.text()).isEqualTo("internal server error\n");
      receiver.responder = r -> new TestReceiver.Reply(502,
          "{\"HTTPResponse\":{\"StatusCode\":429,\"Body\":\"slow down\"}}", 0);
      RawHttp.Response own = create(hooked.server, 10, null);
      assertThat(own.status).isEqualTo(429);
      assertThat(own.text()).isEqualTo("slow down");
      assertThat(((Lister) hooked.server.store).listIds()).isEmpty();
    }
  }

  @Test
  @DisplayName("a receiver that sends headers and then stalls its body is cut at the hook timeout: 500, no hang")
  void stalledAnswerBodyTimesOut() throws Exception {
    try (ServerSocket stalling = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread receiverThread = new Thread(() -> {
        try (Socket socket = stalling.accept()) {
          socket.getInputStream().read(new byte[65536]);
          socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n{\"Reject").getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
          Thread.sleep(30_000);
        } catch (Exception e) {
          // closed by the test
        }
      });
      receiverThread.setDaemon(true);
      receiverThread.start();
      Hooked.Settings settings = Hooked.settings();
      settings.url = URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/");
      settings.outbox = tmp.resolve("outbox");
      settings.enabled = EnumSet.of(HookType.PRE_CREATE);
      settings.timeout = Duration.ofSeconds(1);
      try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
        long start = System.nanoTime();
        RawHttp.Response response = hooked.server.request("POST", "/files/").tus().header("Upload-Length", 1)
            .send();
        assertThat(response.status).isEqualTo(500);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      }
    }
  }

  @Test
  @DisplayName("metadata that is not UTF-8 reaches hooks as tusd sends it: each invalid byte one U+FFFD")
  void binaryMetadataReachesHooksAsTusdSendsIt() throws Exception {
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 'A', (byte) 0xe2, (byte) 0x82, 'A', (byte) 0xc3, (byte) 0xa9,
        (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80};
    String tusd = "\ufffd\ufffd\u0000A\ufffd\ufffdA\u00e9\ufffd\ufffd\ufffd\ud83d\ude00";
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      String metadata = "bin " + Base64.getEncoder().encodeToString(binary) + ",name " + b64("a.txt");
      RawHttp.Response created = create(hooked.server, 3, metadata);
      assertThat(created.status).isEqualTo(201);
      receiver.await(r -> TestReceiver.count(r, "post-create") == 1, WAIT);
      for (String type : List.of("pre-create", "post-create")) {
        JsonNode meta = receiver.of(type).get(0).json().at("/Event/Upload/MetaData");
        assertThat(meta.get("bin").asText()).as(type).isEqualTo(tusd);
        assertThat(meta.get("name").asText()).as(type).isEqualTo("a.txt");
      }
      String path = TestServer.pathOf(created.header("Location"));
      assertThat(hooked.server.request("HEAD", path).tus().send().header("Upload-Metadata")).isEqualTo(metadata);
      String info = Files.readString(tmp.resolve("uploads").resolve(TestServer.idOf(path) + ".info"));
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(info).at("/MetaData/bin").asText())
          .as("the .info file holds tusd's representation where tusd reads it").isEqualTo(tusd);
    }
  }

  @Test
  void changeFileInfoChangesIdAndMetadataAndRefusesTraversal() throws Exception {
    receiver.responder = r -> r.type().equals("pre-create")
        ? TestReceiver.Reply.ok("{\"ChangeFileInfo\":{\"ID\":\"chosen-by-hook\",\"MetaData\":{\"filename\":"
            + "\"renamed.txt\",\"owner\":\"alice\"}},\"HTTPResponse\":{\"Header\":{\"X-Hooked\":\"yes\"}}}")
        : TestReceiver.Reply.ok("{}");
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      RawHttp.Response created = create(hooked.server, 3, "filename " + b64("orig.txt"));
      assertThat(created.status).isEqualTo(201);
      assertThat(created.header("Location")).endsWith("/files/chosen-by-hook");
      assertThat(created.header("X-Hooked")).isEqualTo("yes");
      RawHttp.Response head = hooked.server.request("HEAD", "/files/chosen-by-hook").tus().send();
      assertThat(head.status).isEqualTo(200);
      assertThat(head.header("Upload-Metadata")).isEqualTo("filename " + b64("renamed.txt") + ",owner "
          + b64("alice"));
      receiver.await(r -> TestReceiver.count(r, "post-create") == 1, WAIT);
      assertThat(receiver.of("post-create").get(0).upload("ID")).isEqualTo("chosen-by-hook");

      for (String bad : List.of("../escape", "a/b", "..", "%2e%2e")) {
        receiver.responder = r -> TestReceiver.Reply.ok("{\"ChangeFileInfo\":{\"ID\":\"" + bad + "\"}}");
        RawHttp.Response refused = create(hooked.server, 3, null);
        assertThat(refused.status).as(bad).isEqualTo(500);
      }
      assertThat(hooked.server.request("PATCH", "/files/chosen-by-hook").tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").body("abc").send().status).isEqualTo(204);
      receiver.responder = r -> TestReceiver.Reply.ok("{\"ChangeFileInfo\":{\"ID\":\"chosen-by-hook\"}}");
      assertThat(create(hooked.server, 7, null).status).as("a taken ID").isEqualTo(409);
      RawHttp.Response kept = hooked.server.request("HEAD", "/files/chosen-by-hook").tus().send();
      assertThat(kept.header("Upload-Offset")).isEqualTo("3");
      assertThat(kept.header("Upload-Length")).isEqualTo("3");
      assertThat(((Lister) hooked.server.store).listIds()).containsExactly("chosen-by-hook");
      assertThat(Files.exists(tmp.resolve("escape"))).isFalse();
    }
  }

  @Test
  @DisplayName("a final upload reads its partials: pre-access authorises each of them, and a refusal stores nothing")
  void preAccessAuthorisesEachPartialOfAFinalUpload() throws Exception {
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      String mine = TestServer.pathOf(hooked.server.request("POST", "/files/").tus().header("Upload-Length", 2)
          .header("Upload-Concat", "partial").send().header("Location"));
      String theirs = TestServer.pathOf(hooked.server.request("POST", "/files/").tus().header("Upload-Length", 2)
          .header("Upload-Concat", "partial").send().header("Location"));
      for (String partial : List.of(mine, theirs)) {
        assertThat(hooked.server.request("PATCH", partial).tus().header("Upload-Offset", 0)
            .header("Content-Type", "application/offset+octet-stream").body("ab").send().status).isEqualTo(204);
      }
      String theirId = TestServer.idOf(theirs);
      receiver.responder = r -> r.type().equals("pre-access") && r.upload("ID").equals(theirId)
          ? TestReceiver.Reply.ok("{\"RejectAccess\":true}") : TestReceiver.Reply.ok("{}");
      receiver.received.clear();
      long before = ((Lister) hooked.server.store).listIds().size();
      RawHttp.Response refused = hooked.server.request("POST", "/files/").tus()
          .header("Upload-Concat", "final;" + mine + " " + theirs).header("Authorization", "Bearer me").send();
      assertThat(refused.status).isEqualTo(403);
      assertThat(((Lister) hooked.server.store).listIds()).hasSize((int) before);
      List<TestReceiver.Received> checks = receiver.of("pre-access");
      assertThat(checks).extracting(r -> r.upload("ID")).containsExactly(TestServer.idOf(mine), theirId);
      assertThat(checks.get(0).json().at("/Event/HTTPRequest/Method").asText()).isEqualTo("POST");
      assertThat(checks.get(0).json().at("/Event/HTTPRequest/Header/Authorization/0").asText()).isEqualTo("Bearer me");
      assertThat(receiver.of("pre-create")).as("refused before creation").isEmpty();

      receiver.responder = r -> TestReceiver.Reply.ok("{}");
      RawHttp.Response allowed = hooked.server.request("POST", "/files/").tus()
          .header("Upload-Concat", "final;" + mine + " " + theirs).send();
      assertThat(allowed.status).isEqualTo(201);
    }
  }

  @Test
  void preAccessDeniesAHead() throws Exception {
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      String path = TestServer.pathOf(create(hooked.server, 3, null).header("Location"));
      receiver.responder = r -> r.type().equals("pre-access")
          ? TestReceiver.Reply.ok("{\"RejectAccess\":true,\"HTTPResponse\":{\"StatusCode\":401,"
              + "\"Header\":{\"WWW-Authenticate\":\"Bearer\"}}}")
          : TestReceiver.Reply.ok("{}");
      RawHttp.Response head = hooked.server.request("HEAD", path).tus().header("Authorization", "Bearer bad").send();
      assertThat(head.status).isEqualTo(401);
      assertThat(head.header("WWW-Authenticate")).isEqualTo("Bearer");
      assertThat(head.has("Upload-Offset")).isFalse();
      TestReceiver.Received access = receiver.of("pre-access").get(0);
      assertThat(access.json().at("/Event/HTTPRequest/Header/Authorization/0").asText()).isEqualTo("Bearer bad");
      assertThat(access.upload("ID")).isEqualTo(TestServer.idOf(path));

      receiver.responder = r -> TestReceiver.Reply.ok("{\"RejectAccess\":true}");
      assertThat(patchStatus(hooked.server, path)).isEqualTo(403);
      assertThat(hooked.server.request("GET", path).send().status).isEqualTo(403);
      receiver.responder = r -> TestReceiver.Reply.ok("{}");
      assertThat(hooked.server.request("HEAD", path).tus().send().status).isEqualTo(200);
    }
  }

  private static int patchStatus(TestServer server, String path) throws Exception {
    return patch(server, path, 0, new byte[] {1}).status;
  }

  @Test
  void preTerminateCanRefuseTheDeletion() throws Exception {
    try (Hooked hooked = settings().start(tmp.resolve("uploads"))) {
      String path = TestServer.pathOf(create(hooked.server, 3, null).header("Location"));
      receiver.responder = r -> r.type().equals("pre-terminate")
          ? TestReceiver.Reply.ok("{\"RejectTermination\":true}") : TestReceiver.Reply.ok("{}");
      RawHttp.Response delete = hooked.server.request("DELETE", path).tus().send();
      assertThat(delete.status).isEqualTo(400);
      assertThat(delete.text()).contains("upload termination has been rejected by server");
      assertThat(hooked.server.request("HEAD", path).tus().send().status).isEqualTo(200);
      assertThat(TestReceiver.count(receiver.received, "post-terminate")).isZero();
    }
  }

  @Test
  void retriesWithBackoffAgainstAReceiverThatFailsTwice() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    receiver.responder = r -> r.type().equals("post-create") && calls.incrementAndGet() <= 2
        ? new TestReceiver.Reply(503, null, 0) : TestReceiver.Reply.ok("{}");
    Hooked.Settings settings = settings();
    settings.retry = 3;
    settings.backoff = Duration.ofMillis(200);
    settings.enabled = EnumSet.of(HookType.POST_CREATE);
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      assertThat(create(hooked.server, 3, null).status).isEqualTo(201);
      receiver.await(r -> TestReceiver.count(r, "post-create") == 3, WAIT);
      List<TestReceiver.Received> attempts = receiver.of("post-create");
      long first = attempts.get(1).nanos() - attempts.get(0).nanos();
      long second = attempts.get(2).nanos() - attempts.get(1).nanos();
      assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
      assertThat(Duration.ofNanos(second)).as("doubled").isGreaterThanOrEqualTo(Duration.ofMillis(400));
      assertThat(attempts.get(0).body()).isEqualTo(attempts.get(2).body());
      Thread.sleep(300);
      assertThat(receiver.of("post-create")).hasSize(3);
    }
  }

  @Test
  void signedRequestsVerify() throws Exception {
    byte[] key = "s3cr3t-signing-key".getBytes(StandardCharsets.UTF_8);
    Hooked.Settings settings = settings();
    settings.key = key;
    settings.forward = List.of("Authorization");
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      assertThat(hooked.server.request("POST", "/files/").tus().header("Upload-Length", 0)
          .header("Authorization", "Bearer abc").send().status).isEqualTo(201);
      receiver.await(r -> TestReceiver.count(r, "post-finish") == 1, WAIT);
      long now = System.currentTimeMillis() / 1000;
      for (TestReceiver.Received r : receiver.received) {
        String signature = r.headers().getFirst(HookSigner.HEADER);
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(HookSigner.verify(key, signature, r.body(), now, 300)).as(r.type()).isTrue();
        assertThat(HookSigner.verify("other".getBytes(StandardCharsets.UTF_8), signature, r.body(), now, 300))
            .isFalse();
        byte[] tampered = r.body().clone();
        tampered[tampered.length - 2] ^= 1;
        assertThat(HookSigner.verify(key, signature, tampered, now, 300)).isFalse();
        assertThat(HookSigner.verify(key, signature, r.body(), now + 3600, 300)).as("stale").isFalse();
        assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer abc");
      }
      assertThat(receiver.types()).contains("pre-create", "post-create", "pre-finish", "post-finish");
    }
  }
}
