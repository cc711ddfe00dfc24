package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.lock.file.FileLocker;
import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request for an upload that does not exist is answered 404 without the locker: with the file locker (a lease file
 * per lock, created and deleted), a client sending PATCHes and DELETEs to made-up IDs must not make the server create
 * files named after them. The upload directory (and the locker's release-request directory) is watched with inotify
 * ({@link WatchService}), which reports every file created, even one deleted a moment later.
 */
class UnknownUploadTest {
  private static final int REQUESTS = 200;

  @TempDir
  Path dir;

  private TestServer server;
  private WatchService watcher;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  @DisplayName("PATCH, DELETE and HEAD to unknown IDs: 404, and no lock file is ever created; known uploads still lock")
  void unknownIdsNeverReachTheLocker() throws Exception {
    FileLocker locker = new FileLocker(dir);
    server = TestServer.start(dir, b -> b.locker(locker));
    List<String> created = watchCreations();

    // the watch sees the locker's files: a PATCH on a real upload takes (creates) its lease
    String known = server.create(10);
    assertThat(patch(known, 0, new byte[4]).status).isEqualTo(204);
    String knownId = TestServer.idOf(known);
    awaitCreated(created, knownId + ".lock");

    created.clear();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String id = i % 10 == 0 ? "made-up~" + i + "_" + UUID.randomUUID() : UUID.randomUUID().toString()
          .replace("-", "");
      unknown.add(id);
      String path = "/files/" + id;
      assertThat(patch(path, 0, new byte[3]).status).as("PATCH %s", path).isEqualTo(404);
      assertThat(server.request("DELETE", path).tus().send().status).as("DELETE %s", path).isEqualTo(404);
      assertThat(server.request("HEAD", path).tus().send().status).as("HEAD %s", path).isEqualTo(404);
    }
    Thread.sleep(500);
    assertThat(created).as("files created while %d unknown IDs were requested", REQUESTS).isEmpty();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .noneMatch(name -> unknown.stream().anyMatch(name::contains));
    }

    // the known upload still goes through its lock, and a deleted one is unknown again (inotify reports a lease's
    // temporary file before the lease itself: once the lease is seen, nothing of that request is still to come)
    assertThat(patch(known, 4, new byte[6]).status).isEqualTo(204);
    awaitCreated(created, knownId + ".lock");
    created.clear();
    assertThat(server.request("DELETE", known).tus().send().status).isEqualTo(204);
    awaitCreated(created, knownId + ".lock");
    created.clear();
    assertThat(patch(known, 10, new byte[1]).status).isEqualTo(404);
    assertThat(server.request("DELETE", known).tus().send().status).isEqualTo(404);
    Thread.sleep(300);
    assertThat(created).as("files created by requests for a deleted upload").isEmpty();
  }

  private Response patch(String path, long offset, byte[] body) throws IOException {
    return server.request("PATCH", path).tus().header("Upload-Offset", offset)
        .header("Content-Type", "application/offset+octet-stream").body(body).send();
  }

  /** Names of files created in the directory and in its subdirectories that exist now, as inotify reports them. */
  private List<String> watchCreations() throws IOException {
    watcher = dir.getFileSystem().newWatchService();
    List<Path> watched = new ArrayList<>();
    watched.add(dir);
    try (Stream<Path> children = Files.list(dir)) {
      children.filter(Files::isDirectory).forEach(watched::add);
    }
    for (Path directory : watched) {
      directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
    }
    List<String> created = new CopyOnWriteArrayList<>();
    Thread thread = new Thread(() -> {
      try {
        while (true) {
          WatchKey key = watcher.take();
          for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
              created.add("(events lost)");
            } else {
              created.add(event.context().toString());
            }
          }
          key.reset();
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        // the test ended
      }
    }, "lock-dir-watch");
    thread.setDaemon(true);
    thread.start();
    return created;
  }

  private static void awaitCreated(List<String> created, String name) throws InterruptedException {
    for (int i = 0; i < 100 && !created.contains(name); i++) {
      Thread.sleep(50);
    }
    assertThat(created).as("files created (the watch works)").contains(name);
  }
}
