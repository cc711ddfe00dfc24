package dev.resumable.tus.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.LocalRedis;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease expiry with three replicas (child JVMs) on one upload directory and a Redis locker with a short time-to-live:
 * the replica holding an upload's lock mid-PATCH is frozen with SIGSTOP, and its client sends more (wrong) bytes that
 * wait in the frozen process's socket; past the time-to-live another replica takes the upload over and finishes it;
 * after SIGCONT the thawed process writes nothing more into the upload: the stored bytes are exactly the first
 * part plus the other replica's, and the offset is the upload's length.
 */
class LeaseExpiryTest {
  private static final int LENGTH = 2 * 1024 * 1024;
  private static final int FIRST = 512 * 1024;

  @TempDir
  Path tmp;

  @Test
  void aFrozenHolderLosesItsLeaseAnotherReplicaFinishesAndTheThawedOneWritesNothing() throws Exception {
    Path uploads = tmp.resolve("uploads");
    try (LocalRedis redis = LocalRedis.start(tmp.resolve("redis"));
        ReplicaSet set = ReplicaSet.start(3, tmp.resolve("logs"), Map.of(), List.of(
            "-upload-dir", uploads.toString(), "-locker", "redis", "-redis-url", redis.url(),
            "-lock-ttl", "2s", "-acquire-lock-timeout", "20s"))) {
      byte[] content = new byte[LENGTH];
      new Random(7).nextBytes(content);
      Replica holder = set.get(0);
      Replica successor = set.get(1);
      RawHttp.Response created = RawHttp.to(holder.port()).request("POST", "/files/").tus()
          .header("Upload-Length", LENGTH).send();
      assertThat(created.status).isEqualTo(201);
      String path = TestServer.pathOf(created.header("Location"));

      try (Socket frozenClient = RawHttp.openPatch(holder.port(), path, 0, LENGTH,
          Arrays.copyOf(content, FIRST))) {
        RawHttp.awaitOffset(set.get(2).port(), path, FIRST);
        holder.signal("STOP");
        try {
          byte[] wrong = new byte[64 * 1024];
          Arrays.fill(wrong, (byte) 'X');
          OutputStream out = frozenClient.getOutputStream();
          out.write(wrong);
          out.flush();
          Thread.sleep(4_000);

          RawHttp.Response head = RawHttp.to(successor.port()).request("HEAD", path).tus().send();
          assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(FIRST));
          RawHttp.Response rest = RawHttp.to(successor.port()).request("PATCH", path).tus()
              .header("Upload-Offset", FIRST).header("Content-Type", "application/offset+octet-stream")
              .body(Arrays.copyOfRange(content, FIRST, LENGTH)).timeout(60_000).send();
          assertThat(rest.status).as("the successor's PATCH; %s", set.outputs()).isEqualTo(204);
          assertThat(rest.header("Upload-Offset")).isEqualTo(String.valueOf(LENGTH));
        } finally {
          holder.signal("CONT");
        }
        String answer = statusAfterThaw(frozenClient);
        assertThat(answer).as("the thawed holder's answer to its client").doesNotContain(" 204");
      }
      Thread.sleep(2_000);

      assertThat(holder.isAlive()).isTrue();
      Path data = uploads.resolve(TestServer.idOf(path));
      assertThat(Files.size(data)).isEqualTo(LENGTH);
      assertThat(Files.readAllBytes(data)).as("byte-exact: nothing of the thawed holder's").isEqualTo(content);
      for (Replica replica : set.replicas) {
        RawHttp.Response head = RawHttp.to(replica.port()).request("HEAD", path).tus().send();
        assertThat(head.header("Upload-Offset")).isEqualTo(String.valueOf(LENGTH));
      }
    }
  }

  /** What the thawed holder answers its client (a status line, or empty when it just closes). */
  private static String statusAfterThaw(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    try {
      return RawHttp.statusOnClose(socket);
    } catch (java.net.SocketTimeoutException e) {
      // still waiting for the rest of the body the client will never send: no more writes either way
      return "no answer";
    }
  }
}
