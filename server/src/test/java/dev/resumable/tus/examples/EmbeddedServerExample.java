package dev.resumable.tus.examples;

import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.http.UploadListener;
import dev.resumable.tus.lock.memory.MemoryLocker;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.file.FileStore;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** Embeds the tus handler in an application's own Undertow server, next to the application's own routes. */
public final class EmbeddedServerExample {
  private EmbeddedServerExample() {
  }

  /** Starts the application on {@code port}; {@code onFinished} hears about every finished upload. */
  public static Undertow start(Path uploadDir, int port, Consumer<UploadInfo> onFinished) throws IOException {
    TusHandler tus = TusHandler.builder()
        .store(new FileStore(uploadDir, false))
        .locker(new MemoryLocker())
        .basePath("/uploads/")
        .maxSize(1L << 30)
        .expiration(Duration.ofHours(24))
        .listener(new UploadListener() {
          @Override
          public void finished(UploadInfo upload) {
            onFinished.accept(upload);
          }
        })
        .build();
    Undertow server = Undertow.builder()
        .addHttpListener(port, "127.0.0.1")
        .setHandler(Handlers.path()
            .addPrefixPath("/uploads", new HttpContinueReadHandler(tus))
            .addExactPath("/", exchange -> exchange.getResponseSender().send("my application")))
        .build();
    server.start();
    return server;
  }
}
