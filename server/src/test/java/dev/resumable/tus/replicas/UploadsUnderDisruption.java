package dev.resumable.tus.replicas;

import dev.resumable.tus.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads files (1 to 3 MiB, 512 KiB chunks) with the real tus-js-client through a {@link RoundRobinProxy} from three
 * workers while a disruption runs, each worker at least two. Every upload tus-js-client reports as done is downloaded
 * again through the proxy and compared byte for byte. Shared by the replica tests and the operator's rolling-upgrade
 * test.
 */
public final class UploadsUnderDisruption {
  private static final int WORKERS = 3;
  private static final Map<String, Object> CLIENT_OPTIONS = Map.of("chunkSize", 512 * 1024,
      "retryDelays", List.of(0, 200, 500, 1000, 1000, 2000, 2000, 3000, 3000, 5000, 5000, 5000));

  /** What happens to the servers while the uploads run. */
  @FunctionalInterface
  public interface Disruption {
    void run() throws Exception;
  }

  /** The failed uploads (file, exit code, client output), and how many uploads were verified byte-exact. */
  public record Outcome(List<String> failures, int verified) {
  }

  private UploadsUnderDisruption() {
  }

  /**
   * Runs the uploads while {@code disruption} runs.
   *
   * @param dir where the source files and the clients' output go
   * @param proxy the balancer in front of the servers
   * @param disruption runs in the calling thread once the uploads started
   * @return what happened to the uploads
   */
  public static Outcome run(Path dir, RoundRobinProxy proxy, Disruption disruption) throws Exception {
    Random random = new Random(42);
    AtomicBoolean disrupting = new AtomicBoolean(true);
    AtomicInteger fileNumber = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger verified = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      long seed = random.nextLong();
      running.add(workers.submit(() -> {
        Random sizes = new Random(seed);
        int uploaded = 0;
        while (disrupting.get() || uploaded < 2) {
          uploaded++;
          Path file = dir.resolve("file-" + fileNumber.incrementAndGet() + ".bin");
          byte[] content = new byte[1024 * 1024 + sizes.nextInt(2 * 1024 * 1024)];
          sizes.nextBytes(content);
          Files.write(file, content);
          NodeUpload upload = NodeUpload.run(proxy.endpoint(), file, CLIENT_OPTIONS, 300);
          if (upload.exitCode != 0 || upload.url == null) {
            failures.add(file.getFileName() + ": exit " + upload.exitCode + "\n" + upload.output);
            continue;
          }
          byte[] stored = download(proxy.port(), URI.create(upload.url).getPath());
          if (!Arrays.equals(stored, content)) {
            failures.add(file.getFileName() + ": stored " + stored.length + " bytes differ from the "
                + content.length + " sent");
          } else {
            verified.incrementAndGet();
          }
        }
        return null;
      }));
    }
    try {
      disruption.run();
    } finally {
      disrupting.set(false);
      try {
        for (Future<?> worker : running) {
          worker.get(600, TimeUnit.SECONDS);
        }
      } finally {
        workers.shutdownNow();
      }
    }
    return new Outcome(List.copyOf(failures), verified.get());
  }

  /**
   * GET of {@code path} through a proxy on {@code port}, retried while a server is still coming up.
   *
   * @return the body of the 200 response
   */
  public static byte[] download(int port, String path) throws Exception {
    IOException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        RawHttp.Response response = RawHttp.Response.read(in, "GET");
        if (response.status == 200) {
          return response.body;
        }
        last = new IOException("GET " + path + " answered " + response.status);
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw last;
  }
}
