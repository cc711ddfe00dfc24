package dev.resumable.tus.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File hooks: real bash executables in a temporary hooks directory, alone and together with HTTP hooks. */
class FileHooksTest {
  @TempDir
  Path tmp;

  private Path hook(Path dir, String name, String body) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void fileHooksGetJsonAndEnvironmentAndTheirOutputCounts() throws Exception {
    Path hooks = tmp.resolve("hooks");
    Path out = Files.createDirectories(tmp.resolve("out"));
    hook(hooks, "pre-create", "cat > " + out + "/pre-create.json\n"
        + "echo '{\"ChangeFileInfo\":{\"MetaData\":{\"from\":\"file-hook\"}}}'");
    hook(hooks, "post-finish", "cat > " + out + "/post-finish.json\n"
        + "echo \"$TUS_ID $TUS_SIZE $TUS_OFFSET $TUS_IDEMPOTENCY_KEY\" > " + out + "/post-finish.env.tmp\n"
        + "mv " + out + "/post-finish.env.tmp " + out + "/post-finish.env");
    hook(hooks, "pre-terminate", "echo '{\"HTTPResponse\":{\"StatusCode\":409,\"Body\":\"keep it\"}}'\nexit 1");
    hook(hooks, "pre-access", "if [ \"$TUS_OFFSET\" = 5 ]; then sleep 30; fi\necho '{}'");
    try (TestReceiver receiver = new TestReceiver()) {
      Hooked.Settings settings = Hooked.settings();
      settings.dir = hooks;
      settings.url = receiver.url();
      settings.outbox = tmp.resolve("uploads");
      settings.fileTimeout = Duration.ofSeconds(1);
      try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
        TestServer server = hooked.server;
        String path = server.create(5);
        String id = TestServer.idOf(path);
        JsonNode preCreate = new ObjectMapper().readTree(out.resolve("pre-create.json").toFile());
        assertThat(preCreate.get("Type").asText()).isEqualTo("pre-create");
        assertThat(preCreate.at("/Event/Upload/Size").asLong()).isEqualTo(5);
        RawHttp.Response head = server.request("HEAD", path).tus().send();
        assertThat(head.header("Upload-Metadata")).as("ChangeFileInfo from the file hook")
            .isEqualTo("from ZmlsZS1ob29r");

        assertThat(server.request("PATCH", path).tus().header("Content-Type", "application/offset+octet-stream")
            .header("Upload-Offset", 0).body("hello").send().status).isEqualTo(204);
        Path env = out.resolve("post-finish.env");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(env) && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(Files.readString(env).trim()).isEqualTo(id + " 5 5 " + id + ":post-finish");
        JsonNode finish = new ObjectMapper().readTree(out.resolve("post-finish.json").toFile());
        assertThat(finish.at("/Event/Upload/ID").asText()).isEqualTo(id);
        receiver.await(r -> TestReceiver.count(r, "post-finish") == 1, Duration.ofSeconds(10));
        assertThat(receiver.of("post-finish").get(0).json()).as("both transports get the same event")
            .isEqualTo(finish);

        long started = System.nanoTime();
        RawHttp.Response slow = server.request("HEAD", path).tus().send();
        assertThat(slow.status).as("a file hook past its timeout is killed: 500").isEqualTo(500);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

        Files.delete(hooks.resolve("pre-access"));
        RawHttp.Response delete = server.request("DELETE", path).tus().send();
        assertThat(delete.status).as("a failing hook's own response").isEqualTo(409);
        assertThat(delete.text()).isEqualTo("keep it");
        assertThat(server.request("HEAD", path).tus().send().status).isEqualTo(200);
        long recorded;
        try (var files = Files.list(tmp.resolve("uploads"))) {
          recorded = files.filter(f -> f.toString().endsWith(".hooks")).count();
        }
        assertThat(recorded).as("post-finish acknowledged by both transports").isZero();
      }
    }
  }
}
