package dev.resumable.tus.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp;
import dev.resumable.tus.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asynchronous events: StopUpload, per-upload order under load, and a hanging receiver that blocks no upload. */
class AsyncHooksTest {
  @TempDir
  Path tmp;

  private TestReceiver receiver;

  @BeforeEach
  void receiver() throws Exception {
    receiver = new TestReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private Hooked.Settings settings() {
    Hooked.Settings settings = Hooked.settings(receiver, tmp.resolve("outbox"));
    settings.enabled = EnumSet.of(HookType.POST_CREATE, HookType.POST_RECEIVE, HookType.POST_FINISH,
        HookType.POST_TERMINATE);
    return settings;
  }

  @Test
  void stopUploadOnPostReceiveEndsTheUpload() throws Exception {
    receiver.responder = r -> r.type().equals("post-receive")
        ? TestReceiver.Reply.ok("{\"StopUpload\":true,\"HTTPResponse\":{\"Header\":{\"X-Stopped\":\"quota\"}}}")
        : TestReceiver.Reply.ok("{}");
    Hooked.Settings settings = settings();
    settings.progress = Duration.ofMillis(100);
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      TestServer server = hooked.server;
      String path = server.create(100_000);
      long started = System.nanoTime();
      RawHttp.Response response;
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
            + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: 100000\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[1000]);
        out.flush();
        Thread.sleep(300);
        out.write(new byte[1000]);
        out.flush();
        receiver.await(r -> TestReceiver.count(r, "post-receive") > 0, Duration.ofSeconds(10));
        InputStream in = socket.getInputStream();
        for (int i = 0; i < 20 && in.available() == 0; i++) {
          Thread.sleep(250);
          if (in.available() == 0) {
            out.write(new byte[1000]);
            out.flush();
          }
        }
        response = RawHttp.Response.read(in, "PATCH");
      }
      assertThat(response.status).isEqualTo(400);
      assertThat(response.text()).contains("upload has been stopped by server");
      assertThat(response.header("X-Stopped")).isEqualTo("quota");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(server.request("HEAD", path).tus().send().status).as("the stopped upload is terminated")
          .isEqualTo(404);
      receiver.await(r -> TestReceiver.count(r, "post-terminate") == 1, Duration.ofSeconds(10));
      assertThat(TestReceiver.count(receiver.received, "post-finish")).isZero();
    }
  }

  @Test
  void perUploadOrderHoldsWithASlowReceiverAndFrequentProgress() throws Exception {
    receiver.responder = r -> new TestReceiver.Reply(200, "{}", 15);
    Hooked.Settings settings = settings();
    settings.progress = Duration.ofMillis(1);
    int size = 512 * 1024;
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      TestServer server = hooked.server;
      ExecutorService clients = Executors.newFixedThreadPool(3);
      List<Future<String>> uploads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        uploads.add(clients.submit(() -> slowUpload(server, size)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> upload : uploads) {
        ids.add(TestServer.idOf(upload.get()));
      }
      clients.shutdown();
      receiver.await(r -> TestReceiver.count(r, "post-finish") == 3, Duration.ofSeconds(20));
      for (String id : ids) {
        List<TestReceiver.Received> events = new ArrayList<>();
        receiver.received.stream().filter(r -> r.upload("ID").equals(id)).forEach(events::add);
        assertThat(events.get(0).type()).isEqualTo("post-create");
        assertThat(events.get(events.size() - 1).type()).isEqualTo("post-finish");
        long previous = -1;
        List<TestReceiver.Received> progress = new ArrayList<>();
        for (TestReceiver.Received event : events.subList(1, events.size() - 1)) {
          assertThat(event.type()).isEqualTo("post-receive");
          long offset = Long.parseLong(event.upload("Offset"));
          assertThat(offset).isGreaterThan(previous);
          previous = offset;
          progress.add(event);
        }
        assertThat(progress).isNotEmpty();
        assertThat(previous).isEqualTo(size);
      }
    }
  }

  private static String slowUpload(TestServer server, int size) throws Exception {
    String path = server.create(size);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
          + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: " + size
          + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      byte[] piece = new byte[16 * 1024];
      for (int sent = 0; sent < size; sent += piece.length) {
        out.write(piece);
        out.flush();
        Thread.sleep(5);
      }
      RawHttp.Response response = RawHttp.Response.read(socket.getInputStream(), "PATCH");
      assertThat(response.status).isEqualTo(204);
    }
    return path;
  }

  @Test
  void aHangingReceiverBlocksNoUpload() throws Exception {
    receiver.responder = r -> new TestReceiver.Reply(200, "{}", 60_000);
    Hooked.Settings settings = settings();
    settings.timeout = Duration.ofSeconds(60);
    try (Hooked hooked = settings.start(tmp.resolve("uploads"))) {
      TestServer server = hooked.server;
      ExecutorService clients = Executors.newFixedThreadPool(6);
      long started = System.nanoTime();
      List<Callable<Integer>> uploads = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        uploads.add(() -> {
          String path = server.create(64 * 1024);
          return server.request("PATCH", path).tus().header("Content-Type", "application/offset+octet-stream")
              .header("Upload-Offset", 0).body(new byte[64 * 1024]).send().status;
        });
      }
      for (Future<Integer> status : clients.invokeAll(uploads)) {
        assertThat(status.get()).isEqualTo(204);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      clients.shutdown();
      assertThat(took).as("24 uploads while every hook call hangs for a minute").isLessThan(Duration.ofSeconds(10));
      assertThat(hooked.hooks.pending()).as("the events wait in the hook queues").isGreaterThan(24);
      receiver.await(r -> r.size() >= 8, Duration.ofSeconds(5));
    }
  }
}
