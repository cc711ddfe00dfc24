package dev.resumable.tus.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.resumable.tus.store.azure.LocalAzurite;
import dev.resumable.tus.store.s3.LocalS3;
import dev.resumable.tus.testing.LocalRedis;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-finish outbox lives in the store and is delivered by one replica at a time: two replicas (child JVMs) on one
 * store with a Redis locker; replica A finishes an upload while the hook receiver refuses, so A keeps the event and
 * retries later; replica B does not deliver it while A lives; A is killed with SIGKILL; B claims the record once A's
 * lease expired and delivers it, exactly once, and the record is gone. On the file store and on S3 (S3Proxy).
 */
class PostFinishHandoverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void onTheFileStoreAnotherReplicaDeliversWhatAKilledOneRecorded() throws Exception {
    Path uploads = tmp.resolve("uploads");
    String id = handOver(Map.of(), List.of("-upload-dir", uploads.toString()), true);
    assertThat(uploads.resolve(id + ".hooks")).as("the record, once delivered").doesNotExist();
  }

  @Test
  void onS3AnotherReplicaDeliversWhatAKilledOneRecorded() throws Exception {
    LocalS3 s3 = LocalS3.shared();
    String bucket = s3.newBucket();
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY, "AWS_REGION", "us-east-1");
    handOver(env, List.of("-s3-bucket", bucket, "-s3-endpoint", s3.endpoint().toString()), false);
    assertThat(s3.keys(bucket)).as("no post-finish record left in the bucket").noneMatch(k -> k.contains(".tus/"));
  }

  @Test
  void onAzureAnotherReplicaDeliversWhatAKilledOneRecorded() throws Exception {
    LocalAzurite azurite = LocalAzurite.shared();
    String container = azurite.newContainer();
    Map<String, String> env = Map.of("AZURE_STORAGE_ACCOUNT", LocalAzurite.ACCOUNT,
        "AZURE_STORAGE_KEY", LocalAzurite.KEY);
    handOver(env, List.of("-azure-storage", container, "-azure-endpoint", azurite.endpoint()), false);
    List<String> left = new java.util.ArrayList<>();
    azurite.container(container).listBlobs().forEach(blob -> left.add(blob.getName()));
    assertThat(left).as("no post-finish record left in the container").noneMatch(name -> name.contains(".tus/"));
  }

  /** Runs the hand-over on the store {@code storeArgs} describe; returns the upload's ID. */
  private String handOver(Map<String, String> env, List<String> storeArgs, boolean checkNoEarlyDelivery)
      throws Exception {
    Receiver receiver = new Receiver();
    try (receiver; LocalRedis redis = LocalRedis.start(tmp.resolve("redis"))) {
      List<String> args = new java.util.ArrayList<>(storeArgs);
      args.addAll(List.of("-locker", "redis", "-redis-url", redis.url(), "-lock-ttl", "3s",
          "-hooks-http", receiver.url(), "-hooks-enabled-events", "post-finish", "-hooks-http-retry", "0",
          "-hooks-http-backoff", "120s"));
      try (ReplicaSet set = ReplicaSet.start(2, tmp.resolve("logs"), env, args)) {
        Replica a = set.get(0);
        Replica b = set.get(1);
        RawHttp.Response created = RawHttp.to(a.port()).request("POST", "/files/").tus()
            .header("Upload-Length", 5).send();
        assertThat(created.status).isEqualTo(201);
        String path = TestServer.pathOf(created.header("Location"));
        String id = TestServer.idOf(path);
        RawHttp.Response patched = RawHttp.to(a.port()).request("PATCH", path).tus().header("Upload-Offset", 0)
            .header("Content-Type", "application/offset+octet-stream").body("hello").send();
        assertThat(patched.status).isEqualTo(204);
        await(() -> receiver.refused.size() >= 1, 30, "A's first (refused) delivery", set);
        if (checkNoEarlyDelivery) {
          // B scans the outbox every 10 s: while A holds the record's claim, B leaves it alone
          Thread.sleep(12_000);
          assertThat(receiver.refused).as("only A tried, once; %s", set.outputs()).hasSize(1);
        }
        a.kill();
        receiver.accepting = true;
        await(() -> !receiver.accepted.isEmpty(), 60, "delivery by B", set);
        Thread.sleep(2_000);
        assertThat(receiver.accepted).as("delivered once").hasSize(1);
        JsonNode event = receiver.accepted.get(0);
        assertThat(event.path("Type").asText()).isEqualTo("post-finish");
        assertThat(event.at("/Event/Upload/ID").asText()).isEqualTo(id);
        assertThat(event.at("/Event/Upload/Offset").asLong()).isEqualTo(5);
        assertThat(receiver.keys).containsOnly(id + ":post-finish");
        assertThat(b.output()).contains("delivering 1 post-finish event(s) recorded earlier");
        return id;
      }
    }
  }

  private static void await(BooleanSupplier condition, int seconds, String what, ReplicaSet set)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + seconds + " s" + set.outputs());
      }
      Thread.sleep(100);
    }
  }

  /** A hook receiver on loopback that refuses (503) until told to accept. */
  private static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final List<JsonNode> refused = new CopyOnWriteArrayList<>();
    final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();
    volatile boolean accepting;

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/hooks", exchange -> {
        JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
        boolean accept = accepting;
        (accept ? accepted : refused).add(event);
        if (accept) {
          keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
        }
        byte[] reply = (accept ? "{}" : "{\"error\":\"not now\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(accept ? 200 : 503, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
