package dev.resumable.tus.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-finish outbox on a shared volume: records hold only the headers hooks are configured to forward and never
 * credentials, and a receiver that refuses an event with a non-retryable 4xx gets the configured retries, no more;
 * the event is then counted and its record kept aside for inspection.
 */
class PostFinishOutboxTest {
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

  private static String finish(TestServer server, String... headers) throws Exception {
    RawHttp.Response created = server.request("POST", "/files/").tus().header("Upload-Length", 3).send();
    String path = TestServer.pathOf(created.header("Location"));
    RawHttp patch = server.request("PATCH", path).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream");
    for (int i = 0; i < headers.length; i += 2) {
      patch.header(headers[i], headers[i + 1]);
    }
    assertThat(patch.body("abc").send().status).isEqualTo(204);
    return TestServer.idOf(path);
  }

  @Test
  void recordsKeepOnlyForwardedHeadersAndNeverCredentials() throws Exception {
    receiver.responder = r -> new TestReceiver.Reply(503, null, 0);
    Path outbox = tmp.resolve("outbox");
    Hooked.Settings settings = Hooked.settings(receiver, outbox);
    settings.enabled = EnumSet.of(HookType.POST_FINISH);
    settings.forward = List.of("X-Tenant", "Authorization", "Cookie");
    settings.backoff = Duration.ofSeconds(30);
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      String id = finish(hooked.server, "Authorization", "Bearer sekret-token", "Cookie", "session=sekret-cookie",
          "Proxy-Authorization", "Basic sekret-proxy", "X-Tenant", "acme", "X-Other", "not-forwarded");
      Path record = outbox.resolve(id + ".hooks");
      assertThat(record).exists();
      String text = Files.readString(record);
      assertThat(text).doesNotContain("sekret").doesNotContain("not-forwarded");
      JsonNode body = new ObjectMapper().readTree(new ObjectMapper().readTree(text).get("Body").asText());
      JsonNode header = body.at("/Event/HTTPRequest/Header");
      assertThat(header.get("X-Tenant").get(0).asText()).isEqualTo("acme");
      List<String> names = new java.util.ArrayList<>();
      header.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("X-Tenant");
    }
  }

  @Test
  void aFailedPreFinishWithdrawsTheRecordedPostFinish() throws Exception {
    receiver.responder = r -> r.type().equals("pre-finish") ? new TestReceiver.Reply(500, null, 0)
        : TestReceiver.Reply.ok("{}");
    Path outbox = tmp.resolve("outbox");
    Hooked.Settings settings = Hooked.settings(receiver, outbox);
    settings.enabled = EnumSet.of(HookType.PRE_FINISH, HookType.POST_FINISH);
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      RawHttp.Response created = hooked.server.request("POST", "/files/").tus().header("Upload-Length", 3).send();
      String path = TestServer.pathOf(created.header("Location"));
      assertThat(hooked.server.request("PATCH", path).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").body("abc").send().status).isEqualTo(500);
      Thread.sleep(500);
      assertThat(receiver.of("post-finish")).as("as in tusd").isEmpty();
      assertThat(outbox.resolve(TestServer.idOf(path) + ".hooks")).doesNotExist();
    }
  }

  @Test
  void aDamagedRecordIsKeptAsideNotDeliveredAndNotMetAgain() throws Exception {
    receiver.responder = r -> TestReceiver.Reply.ok("{}");
    Path outbox = tmp.resolve("outbox");
    Files.createDirectories(outbox);
    Files.writeString(outbox.resolve("cafe01.hooks"), "{\"UploadID\": \"cafe01\", trunc");
    Hooked.Settings settings = Hooked.settings(receiver, outbox);
    settings.enabled = EnumSet.of(HookType.POST_FINISH);
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      assertThat(outbox.resolve("cafe01.hooks")).as("moved aside at the first scan").doesNotExist();
      assertThat(Files.readString(outbox.resolve("cafe01.hooks.failed"))).contains("trunc");
      String id = finish(hooked.server);
      receiver.await(r -> TestReceiver.count(r, "post-finish") >= 1, WAIT);
      assertThat(receiver.of("post-finish")).as("only the real event").hasSize(1);
      assertThat(receiver.of("post-finish").get(0).json().at("/Event/Upload/ID").asText()).isEqualTo(id);
    }
  }

  @Test
  void aNonRetryableRefusalStopsAfterTheConfiguredRetriesCountedAndKept() throws Exception {
    receiver.responder = r -> r.type().equals("post-finish") ? new TestReceiver.Reply(400, "{}", 0)
        : TestReceiver.Reply.ok("{}");
    Path outbox = tmp.resolve("outbox");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Hooked.Settings settings = Hooked.settings(receiver, outbox);
    settings.enabled = EnumSet.of(HookType.POST_FINISH);
    settings.retry = 2;
    settings.backoff = Duration.ofMillis(50);
    settings.registry = registry;
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      String id = finish(hooked.server);
      receiver.await(r -> TestReceiver.count(r, "post-finish") >= 3, WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (Files.exists(outbox.resolve(id + ".hooks")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(1500);
      assertThat(receiver.of("post-finish")).as("one attempt and two retries").hasSize(3);
      assertThat(outbox.resolve(id + ".hooks")).as("not redelivered at the next start").doesNotExist();
      Path kept = outbox.resolve(id + ".hooks.failed");
      assertThat(kept).as("kept for inspection").exists();
      assertThat(Files.readString(kept)).contains(id + ":post-finish");
      assertThat(registry.get("tus.hook.undeliverable").tag("hooktype", "post-finish").counter().count())
          .isEqualTo(1.0);
    }
  }
}
