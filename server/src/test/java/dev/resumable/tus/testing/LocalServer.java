package dev.resumable.tus.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server process from a Debian package that a test starts on loopback ({@link LocalRedis},
 * {@link LocalEtcd}), with its files and log in a directory of the test; {@link #stop()} kills it (SIGKILL) and
 * {@link #start()} brings it back on the same address, for outage tests.
 */
public abstract class LocalServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** The server's working directory, which holds its log. */
  protected final Path dir;
  private Process process;

  protected LocalServer(Path dir) {
    this.dir = dir;
  }

  /** The server's name: its log is {@code <name>.log}. */
  protected abstract String name();

  /** The command line that starts the server on this instance's address. */
  protected abstract List<String> command();

  /** Whether the server answers requests yet. */
  protected abstract boolean answers();

  /** What a client connects to (a URL). */
  public abstract String address();

  /** (Re)starts the server process and waits until it answers. */
  public final synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Files.createDirectories(dir);
    Path log = dir.resolve(name() + ".log");
    process = new ProcessBuilder(command()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name() + " exited: " + Files.readString(log));
      }
      if (answers()) {
        return;
      }
      Thread.sleep(30);
    }
    throw new IllegalStateException(name() + " did not answer within " + START_TIMEOUT);
  }

  /** Kills the server (SIGKILL): its clients see their connections reset. */
  public final synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public final void close() throws InterruptedException {
    stop();
  }

  /** The Debian package's binary, or the name to find on the PATH. */
  protected static String binary(String name) {
    Path packaged = Path.of("/usr/bin", name);
    return Files.isExecutable(packaged) ? packaged.toString() : name;
  }

  /** A port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
