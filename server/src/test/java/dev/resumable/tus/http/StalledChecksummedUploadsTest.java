package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.ProcessFiles;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.StoreContract;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A stalled PATCH with {@code Upload-Checksum} holds no file descriptor, like a plain one
 * ({@code cli.StalledUploadsTest}): each store's writer lets go of its files when no bytes are waiting (the file
 * store's aside file and data file, S3's part file, Azure's spool) and takes them again at the next write. Hundreds
 * of checksummed PATCHes on a real server on loopback send part of their body and go silent; the server process
 * (this JVM) then holds almost no descriptor under the test's directory, where every store of the suite keeps its
 * files. Then a third of the clients complete their chunk (204, the bytes stored), a third complete it with other
 * bytes than the checksum's (460, nothing kept) and a third are cut: per the checksum extension, a chunk that cannot
 * be verified is discarded whole (offset 0, no trace on disk), and the upload can be sent again.
 */
@StoreContract
class StalledChecksummedUploadsTest extends StoreServerTest {
  private static final int UPLOADS = 240;
  private static final int CHUNK = 64;
  /** Bytes each client sends before going silent: a length no other file of the stores has. */
  private static final int SENT = 7;


  @Test
  @DisplayName("stalled checksummed PATCHes hold no upload file open; then completed (204), mismatched (460) or cut "
      + "(discarded)")
  void stalledChecksummedPatchesHoldNoFile() throws Exception {
    server = TestServer.start(store, dir, b -> { }, s -> s.networkTimeout(Duration.ofSeconds(120)));
    List<String> paths = new ArrayList<>();
    List<byte[]> chunks = new ArrayList<>();
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < UPLOADS; i++) {
        String path = server.create(CHUNK);
        byte[] chunk = ("upload " + i + " ").repeat(CHUNK).substring(0, CHUNK).getBytes(StandardCharsets.US_ASCII);
        paths.add(path);
        chunks.add(chunk);
        stalled.add(openChecksummedPatch(path, chunk));
      }
      // every stalled chunk's first bytes reached the store's aside file, part file or spool
      awaitFiles(size -> size == SENT, UPLOADS, "files holding the first " + SENT + " bytes of a stalled chunk");
      long open = awaitOpenFiles(UPLOADS / 20);
      System.out.printf("[%s] upload files open with %d stalled checksummed PATCHes: %d%n", store, UPLOADS, open);
      assertThat(open).as("files under the store held open by %d stalled checksummed PATCHes", UPLOADS)
          .isLessThan(UPLOADS / 20);

      for (int i = 0; i < UPLOADS; i++) {
        Socket socket = stalled.get(i);
        byte[] chunk = chunks.get(i);
        if (i % 3 == 0) {
          send(socket, Arrays.copyOfRange(chunk, SENT, CHUNK));
        } else if (i % 3 == 1) {
          byte[] other = Arrays.copyOfRange(chunk, SENT, CHUNK);
          other[0] ^= 1;
          send(socket, other);
        } else {
          socket.close();
        }
      }
      for (int i = 0; i < UPLOADS; i++) {
        if (i % 3 == 2) {
          continue;
        }
        Response response = Response.read(stalled.get(i).getInputStream(), "PATCH");
        if (i % 3 == 0) {
          assertThat(response.status).as(paths.get(i)).isEqualTo(204);
          assertThat(response.header("Upload-Offset")).isEqualTo(String.valueOf(CHUNK));
        } else {
          assertThat(response.status).as("%s: other bytes than the checksum's", paths.get(i)).isEqualTo(460);
        }
      }
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
    // the cut and refused chunks leave nothing: no spool, no descriptor, offset 0
    awaitFiles(size -> size == SENT || size == CHUNK - SENT, 0, "spooled chunks left behind");
    assertThat(awaitOpenFiles(1)).as("upload files still open once every PATCH ended").isZero();
    for (int i = 0; i < UPLOADS; i++) {
      String path = paths.get(i);
      if (i % 3 == 0) {
        assertThat(server.stored().bytes(path)).as(path).isEqualTo(chunks.get(i));
        continue;
      }
      assertThat(server.request("HEAD", path).tus().send().header("Upload-Offset")).as(path).isEqualTo("0");
      if (i % 30 == 1 || i % 30 == 2) {
        // the discarded chunk can be sent again (a cut request released its lock)
        assertThat(patch(path, chunks.get(i)).status).as(path).isEqualTo(204);
        assertThat(server.stored().bytes(path)).as(path).isEqualTo(chunks.get(i));
      }
    }
  }

  private Response patch(String path, byte[] chunk) throws Exception {
    return server.request("PATCH", path).tus().header("Upload-Offset", 0)
        .header("Content-Type", "application/offset+octet-stream").header("Upload-Checksum", "sha1 " + sha1(chunk))
        .body(chunk).send();
  }

  /** A PATCH of {@code chunk} with its SHA-1 declared, of which only the first {@value #SENT} bytes are sent. */
  private Socket openChecksummedPatch(String path, byte[] chunk) throws Exception {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(30_000);
    send(socket, ("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
        + "Upload-Checksum: sha1 " + sha1(chunk) + "\r\nContent-Type: application/offset+octet-stream\r\n"
        + "Content-Length: " + chunk.length + "\r\n\r\n" + new String(chunk, 0, SENT, StandardCharsets.US_ASCII))
        .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  private static void send(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static String sha1(byte[] bytes) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes));
  }

  /** Waits (up to 30 s) until exactly {@code expected} regular files under the test directory have a size that fits. */
  private void awaitFiles(LongPredicate size, long expected, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long found;
    do {
      found = filesUnder(size);
      if (found == expected) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(what + ": " + found + ", expected " + expected);
  }

  private long filesUnder(LongPredicate size) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return size.test(Files.size(f));
        } catch (IOException e) {
          return false;
        }
      }).count();
    } catch (UncheckedIOException e) {
      return -1;
    }
  }

  /** Polls (up to 10 s) until fewer than {@code bound} descriptors of this process are under the directory. */
  private long awaitOpenFiles(long bound) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long open;
    do {
      open = ProcessFiles.openUnder(dir);
      if (open < bound) {
        return open;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return open;
  }

}
