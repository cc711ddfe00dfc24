package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.store.Lister;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.StoreContract;
import dev.resumable.tus.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A pre-create hook may choose the upload's ID (tusd's {@code ChangeFileInfo.ID}); every store refuses one that is
 * taken, and the server answers 409 for it, on every store alike. The hard case is a race: several creations for
 * the same chosen ID pass the server's look-up before any of them is stored (here they wait for each other in the
 * hook), so only the store's own atomic creation — the file store's data file, S3's and Azure's conditional
 * {@code .info} write ({@code If-None-Match: *}) — can keep the first upload from being overwritten.
 */
@StoreContract
class HookChosenIdTest extends StoreServerTest {
  private static final int RACERS = 4;
  private static final String CHOSEN = "chosen-by-hook";


  @Test
  @DisplayName("creations racing for one hook-chosen ID: one 201, the others 409, the winner's upload intact")
  void racingCreationsForOneChosenIdOverwriteNothing() throws Exception {
    CyclicBarrier allLookedUp = new CyclicBarrier(RACERS);
    AtomicInteger calls = new AtomicInteger();
    Hooks hooks = new Hooks() {
      @Override
      public Creation preCreate(HookRequest request, UploadInfo upload) {
        if (calls.incrementAndGet() > RACERS) {
          return new Creation(CHOSEN, null, null);
        }
        try {
          // the server looks the chosen ID up after this hook: every racer has passed here before any creates
          allLookedUp.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return new Creation(CHOSEN, null, null);
      }
    };
    server = TestServer.start(store, dir, b -> b.hooks(hooks));
    ExecutorService clients = Executors.newFixedThreadPool(RACERS);
    List<Response> responses = new ArrayList<>();
    try {
      List<Future<Response>> pending = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        long length = 10 + i;
        pending.add(clients.submit(() -> server.request("POST", "/files/").tus().header("Upload-Length", length)
            .timeout(30_000).send()));
      }
      for (Future<Response> response : pending) {
        responses.add(response.get(60, TimeUnit.SECONDS));
      }
    } finally {
      clients.shutdownNow();
    }
    List<Response> created = responses.stream().filter(r -> r.status == 201).toList();
    assertThat(created).as("creations answered 201").hasSize(1);
    assertThat(responses.stream().filter(r -> r.status == 409)).as("the others: 409").hasSize(RACERS - 1);
    int winner = responses.indexOf(created.get(0));

    String path = TestServer.pathOf(created.get(0).header("Location"));
    assertThat(TestServer.idOf(path)).startsWith(CHOSEN);
    Response head = server.request("HEAD", path).tus().send();
    assertThat(head.status).isEqualTo(200);
    assertThat(head.header("Upload-Length")).as("the winner's description").isEqualTo(String.valueOf(10 + winner));
    assertThat(((Lister) server.store).listIds()).containsExactly(TestServer.idOf(path));
    byte[] data = new byte[10 + winner];
    assertThat(server.request("PATCH", path).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream").body(data).send().status).isEqualTo(204);
    assertThat(server.stored().bytes(path)).isEqualTo(data);

    // and once it exists, the look-up before the store refuses it too
    Response again = server.request("POST", "/files/").tus().header("Upload-Length", 3).send();
    assertThat(again.status).isEqualTo(409);
  }
}
