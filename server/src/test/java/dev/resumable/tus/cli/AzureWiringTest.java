package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.store.azure.LocalAzurite;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -azure-storage} through the real executable against Azurite, with the account and key from
 * {@code AZURE_STORAGE_ACCOUNT} and {@code AZURE_STORAGE_KEY_FILE}: the container is created, uploads land in it,
 * and after SIGKILL mid-PATCH the restarted server reports the offset Azure holds and the upload resumes byte-exact.
 */
class AzureWiringTest {
  private static final int MIB = 1 << 20;

  @TempDir
  Path dir;

  @Test
  @DisplayName("-azure-storage: container created, SIGKILL mid-PATCH, restart resumes from Azure's offset")
  void crashAndResumeThroughTheCommandLine() throws Exception {
    LocalAzurite azurite = LocalAzurite.shared();
    String container = azurite.newContainer();
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, LocalAzurite.KEY + "\n");
    Map<String, String> env = Map.of("AZURE_STORAGE_ACCOUNT", LocalAzurite.ACCOUNT,
        "AZURE_STORAGE_KEY_FILE", keyFile.toString());
    byte[] content = new byte[10 * MIB];
    new Random(7).nextBytes(content);
    int port = ChildJvm.freePort();
    String[] args = {"-host", "127.0.0.1", "-port", String.valueOf(port), "-azure-storage", container,
        "-azure-endpoint", azurite.endpoint(), "-azure-object-prefix", "uploads", "-azure-blob-access-tier", "hot",
        "-hooks-outbox-dir", dir.resolve("outbox").toString()};
    String path;
    try (ChildJvm first = ChildJvm.start(dir.resolve("logs1"), env, args)) {
      first.awaitReady(port, "/files/", Duration.ofSeconds(60));
      assertThat(azurite.container(container).exists()).isTrue();
      RawHttp.Response created = RawHttp.to(port).request("POST", "/files/").tus()
          .header("Upload-Length", content.length).send();
      assertThat(created.status).isEqualTo(201);
      path = TestServer.pathOf(created.header("Location"));
      Socket socket = RawHttp.openPatch(port, path, 0, content.length, new byte[0]);
      OutputStream out = socket.getOutputStream();
      out.write(content, 0, 9 * MIB);
      out.flush();
      // wait until two 4 MiB blocks are staged, then kill the server in the middle of the body
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (offsetInAzure(azurite, container, path) < 8 * MIB && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      first.kill();
      socket.close();
    }
    try (ChildJvm second = ChildJvm.start(dir.resolve("logs2"), env, args)) {
      second.awaitReady(port, "/files/", Duration.ofSeconds(60));
      long offset = Long.parseLong(RawHttp.to(port).request("HEAD", path).tus().send().header("Upload-Offset"));
      assertThat(offset).as("the blocks Azure holds").isEqualTo(8L * MIB);
      RawHttp.Response rest = RawHttp.to(port).request("PATCH", path).tus().header("Upload-Offset", offset)
          .header("Content-Type", "application/offset+octet-stream")
          .body(Arrays.copyOfRange(content, (int) offset, content.length)).send();
      assertThat(rest.status).isEqualTo(204);
      byte[] downloaded = RawHttp.to(port).request("GET", path).timeout(60_000).send().body;
      assertThat(downloaded).isEqualTo(content);
      String metrics = RawHttp.to(port).request("GET", "/metrics").send().text();
      assertThat(metrics).contains("tus_azure_buffered_bytes");
      assertThat(second.stdoutText()).contains("azurestore").doesNotContain(LocalAzurite.KEY);
    }
  }

  private static long offsetInAzure(LocalAzurite azurite, String container, String path) {
    try {
      var blocks = azurite.container(container).getBlobClient("uploads/" + TestServer.idOf(path))
          .getBlockBlobClient().listBlocks(com.azure.storage.blob.models.BlockListType.UNCOMMITTED);
      return blocks.getUncommittedBlocks().stream().filter(b -> b.getSizeLong() > 1)
          .mapToLong(b -> b.getSizeLong()).sum();
    } catch (RuntimeException e) {
      return 0;
    }
  }

}
