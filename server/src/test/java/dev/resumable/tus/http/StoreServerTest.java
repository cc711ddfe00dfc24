package dev.resumable.tus.http;

import dev.resumable.tus.testing.TestBackend;
import dev.resumable.tus.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * What every class of the store-contract suite ({@link dev.resumable.tus.testing.StoreContract}) over HTTP has: the
 * store's fixture (injected once per store), a private directory, and the server under test, stopped after each test
 * whether or not the test started one.
 */
abstract class StoreServerTest {
  @Parameter
  TestBackend store;
  @TempDir
  Path dir;
  TestServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
