package dev.resumable.tus.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, with its files in a temporary directory;
 * {@link #stop()} kills it and {@link #start()} brings it back on the same port, for outage tests. Nothing is
 * persisted: a restarted server is empty, like a failover to a replica that missed the last writes.
 */
public final class LocalRedis implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  private LocalRedis(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server with its working directory in {@code dir}. */
  public static LocalRedis start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    LocalRedis redis = new LocalRedis(dir, freePort());
    redis.start();
    return redis;
  }

  /** (Re)starts the server process on this instance's port. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Path binary = Path.of("/usr/bin/redis-server");
    String command = Files.isExecutable(binary) ? binary.toString() : "redis-server";
    process = new ProcessBuilder(command, "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "",
        "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
      }
      if (pong()) {
        return;
      }
      Thread.sleep(30);
    }
    throw new IllegalStateException("redis-server did not answer PING");
  }

  /** Kills the server (SIGKILL): its clients see their connections reset. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** {@code redis://127.0.0.1:<port>/0}. */
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  public int port() {
    return port;
  }

  private boolean pong() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(500);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      int n = socket.getInputStream().read(reply);
      return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
