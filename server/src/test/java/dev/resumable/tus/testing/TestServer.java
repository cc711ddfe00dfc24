package dev.resumable.tus.testing;

import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.server.TusServer;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.store.file.FileTestBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A real tus server on a loopback port over a file store in a temporary directory, or over the store of a
 * {@link TestBackend} (the store-contract suite runs on each store of {@link StoreFixtures}).
 */
public final class TestServer implements AutoCloseable {
  public final Path dir;
  public final UploadStore store;
  public final TusHandler handler;
  private final TusServer server;
  private final StoredUploads stored;

  private TestServer(Path dir, UploadStore store, TusHandler handler, TusServer server, StoredUploads stored) {
    this.dir = dir;
    this.store = store;
    this.handler = handler;
    this.server = server;
    this.stored = stored;
  }

  /** What the store holds, for assertions that do not depend on the store. */
  public StoredUploads stored() {
    return stored;
  }

  /** A server on the file store in {@code dir}. */
  public static TestServer start(Path dir) throws IOException {
    return start(FileTestBackend.INSTANCE, dir);
  }

  /** A server on the file store in {@code dir}, with handler settings. */
  public static TestServer start(Path dir, Consumer<TusHandler.Builder> handlerSettings) throws IOException {
    return start(FileTestBackend.INSTANCE, dir, handlerSettings);
  }

  /** A server on the file store in {@code dir}, with handler and server settings. */
  public static TestServer start(Path dir, Consumer<TusHandler.Builder> handlerSettings,
      Consumer<TusServer.Builder> serverSettings) throws IOException {
    return start(FileTestBackend.INSTANCE, dir, handlerSettings, serverSettings);
  }

  /** A server on {@code backend}'s store for {@code dir}. */
  public static TestServer start(TestBackend backend, Path dir) throws IOException {
    return start(backend, dir, b -> { }, s -> { });
  }

  /** A server on {@code backend}'s store for {@code dir}, with handler settings. */
  public static TestServer start(TestBackend backend, Path dir, Consumer<TusHandler.Builder> handlerSettings)
      throws IOException {
    return start(backend, dir, handlerSettings, s -> { });
  }

  /** A server on {@code backend}'s store for {@code dir}, with handler and server settings. */
  public static TestServer start(TestBackend backend, Path dir, Consumer<TusHandler.Builder> handlerSettings,
      Consumer<TusServer.Builder> serverSettings) throws IOException {
    UploadStore store = backend.open(dir);
    TusHandler.Builder builder = TusHandler.builder().store(store);
    handlerSettings.accept(builder);
    TusHandler handler = builder.build();
    TusServer.Builder server = TusServer.builder().host("127.0.0.1").port(0).handler(handler)
        .networkTimeout(Duration.ofSeconds(10));
    serverSettings.accept(server);
    return new TestServer(dir, store, handler, server.start(), backend.stored(dir));
  }

  public int port() {
    return server.port();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port() + handler.config().basePath();
  }

  /** A raw request to this server. */
  public RawHttp request(String method, String path) {
    return RawHttp.to(port()).request(method, path);
  }

  /** Creates an upload of {@code length} bytes and returns its path. */
  public String create(long length) throws IOException {
    RawHttp.Response response = request("POST", handler.config().basePath()).tus()
        .header("Upload-Length", length).send();
    if (response.status != 201) {
      throw new IOException("create failed: " + response);
    }
    return pathOf(response.header("Location"));
  }

  /** The path part of an absolute upload URL. */
  public static String pathOf(String location) {
    return URI.create(location).getRawPath();
  }

  /** The upload ID of an upload path. */
  public static String idOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  public void close() {
    server.close();
    handler.close();
    try {
      store.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
