package dev.resumable.tus.lock;

import dev.resumable.tus.testing.LocalServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lock service behind a {@link BackendLockerContract} subclass: a real server started in a temporary directory
 * before the class's tests and killed after them. Register it as a static {@code @RegisterExtension} field.
 */
final class LockService implements BeforeAllCallback, AfterAllCallback {
  /** Starts the server with its files in a directory. */
  interface Starter {
    LocalServer start(Path dir) throws IOException, InterruptedException;
  }

  private final String type;
  private final Starter starter;
  private Path dir;
  private LocalServer server;

  /** A service for lockers of {@code type} (as {@link TestLockers#create} takes it), started by {@code starter}. */
  LockService(String type, Starter starter) {
    this.type = type;
    this.starter = starter;
  }

  String type() {
    return type;
  }

  LocalServer server() {
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("tus-" + type + "-");
    server = starter.start(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
