package dev.resumable.tus.hooks;

import dev.resumable.tus.testing.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A test server with hooks: settings with test-friendly defaults, and the server plus its dispatcher. */
final class Hooked implements AutoCloseable {
  final TestServer server;
  final HookDispatcher hooks;

  private Hooked(TestServer server, HookDispatcher hooks) {
    this.server = server;
    this.hooks = hooks;
  }

  static Settings settings() {
    return new Settings();
  }

  /** Settings sending every enabled event to {@code receiver}, with the post-finish outbox in {@code outbox}. */
  static Settings settings(TestReceiver receiver, Path outbox) {
    Settings settings = new Settings();
    settings.url = receiver.url();
    settings.outbox = outbox;
    return settings;
  }

  /** Mutable settings, turned into {@link HookSettings}. */
  static final class Settings {
    Set<HookType> enabled = EnumSet.allOf(HookType.class);
    Path dir;
    URI url;
    int retry;
    Duration backoff = Duration.ofMillis(100);
    Duration timeout = Duration.ofSeconds(5);
    List<String> forward = List.of();
    byte[] key;
    Duration progress = Duration.ofSeconds(1);
    Duration fileTimeout = Duration.ofSeconds(5);
    Path outbox;
    MeterRegistry registry;

    HookSettings build() {
      return new HookSettings(enabled, dir, fileTimeout, url, retry, backoff, timeout, forward, 65536, key,
          progress, outbox);
    }

    Hooked start(Path uploads) throws IOException {
      HookDispatcher hooks = HookDispatcher.start(build(), registry);
      return new Hooked(TestServer.start(uploads, b -> b.hooks(hooks)), hooks);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
