package dev.resumable.tus.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.http.Hooks;
import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.file.FileStore;
import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import io.undertow.Undertow;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/embedding.md shows exactly {@link EmbeddedServerExample}, and that example really serves tus uploads. */
class EmbeddingDocTest {
  private static final Path SOURCE = Path.of("src/test/java/dev/resumable/tus/examples/EmbeddedServerExample.java");
  private static final Path DOC = Path.of("../docs/embedding.md");

  @TempDir
  Path dir;

  @Test
  @DisplayName("docs/embedding.md quotes the example source verbatim")
  void docQuotesTheExample() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf("```java\n") + "```java\n".length();
    int end = doc.indexOf("```", start);
    assertThat(doc.substring(start, end)).isEqualTo(Files.readString(SOURCE, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("docs/embedding.md lists every TusHandler.Builder setting and what TusHandler.close() closes")
  void docListsTheBuilderAndClose() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String builderRow = doc.lines().filter(l -> l.startsWith("| `TusHandler.Builder`")).findFirst().orElseThrow();
    for (Method method : TusHandler.Builder.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && method.getReturnType() == TusHandler.Builder.class) {
        assertThat(builderRow).as(method.getName()).contains("`" + method.getName() + "`");
      }
    }
    String close = doc.lines().filter(l -> l.contains("`TusHandler.close()`")).findFirst().orElseThrow();
    assertThat(close).contains("hook");

    AtomicBoolean closed = new AtomicBoolean();
    TusHandler handler = TusHandler.builder().store(new FileStore(dir, false)).hooks(new Hooks() {
      @Override
      public void close() {
        closed.set(true);
      }
    }).build();
    handler.close();
    assertThat(closed).as("as documented, close() closes the hooks").isTrue();
  }

  @Test
  @DisplayName("the example serves a 3 MiB upload next to the application's own route")
  void exampleServesUploads() throws Exception {
    CopyOnWriteArrayList<UploadInfo> finished = new CopyOnWriteArrayList<>();
    Undertow server = EmbeddedServerExample.start(dir, 0, finished::add);
    try {
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      assertThat(RawHttp.to(port).request("GET", "/").send().text()).isEqualTo("my application");
      byte[] data = new byte[3 * 1024 * 1024];
      Arrays.fill(data, (byte) 7);
      Response created = RawHttp.to(port).request("POST", "/uploads/").tus().header("Upload-Length", data.length)
          .header("Upload-Metadata", "filename ZXhhbXBsZS5iaW4=").send();
      assertThat(created.status).isEqualTo(201);
      String path = TestServer.pathOf(created.header("Location"));
      assertThat(path).startsWith("/uploads/");
      Response patched = RawHttp.to(port).request("PATCH", path).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").body(data).send();
      assertThat(patched.status).isEqualTo(204);
      assertThat(finished).singleElement().satisfies(u -> assertThat(u.metadata()).containsEntry("filename",
          "example.bin"));
      assertThat(RawHttp.to(port).request("GET", path).send().body).isEqualTo(data);
    } finally {
      server.stop();
    }
  }
}
