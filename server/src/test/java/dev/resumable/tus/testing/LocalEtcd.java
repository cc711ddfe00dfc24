package dev.resumable.tus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real single-member {@code etcd} (Debian's package) on free loopback ports with its data in a temporary
 * directory; {@link #stop()} kills it and {@link #start()} restarts it on the same ports and data, for outage tests.
 */
public final class LocalEtcd implements AutoCloseable {
  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private Process process;

  private LocalEtcd(Path dir, int clientPort, int peerPort) {
    this.dir = dir;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  /** Starts a member with its data below {@code dir}. */
  public static LocalEtcd start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    LocalEtcd etcd = new LocalEtcd(dir, LocalRedis.freePort(), LocalRedis.freePort());
    etcd.start();
    return etcd;
  }

  /** (Re)starts the member. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Path binary = Path.of("/usr/bin/etcd");
    String peer = "http://127.0.0.1:" + peerPort;
    process = new ProcessBuilder(Files.isExecutable(binary) ? binary.toString() : "etcd",
        "--name", "tus-test", "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", endpoint(), "--advertise-client-urls", endpoint(),
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "tus-test=" + peer, "--log-level", "warn")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited: " + Files.readString(dir.resolve("etcd.log")));
      }
      if (healthy()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("etcd did not become healthy");
  }

  /** Kills the member (SIGKILL). */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** {@code http://127.0.0.1:<client port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  private boolean healthy() {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(endpoint() + "/health").openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      try (InputStream in = c.getInputStream()) {
        return c.getResponseCode() == 200
            && new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"health\":\"true\"");
      }
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
