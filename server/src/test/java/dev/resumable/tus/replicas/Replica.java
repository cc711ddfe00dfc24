package dev.resumable.tus.replicas;

import dev.resumable.tus.cli.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** One tus-server replica in a child JVM on a fixed port, which can be killed, terminated and started again. */
final class Replica implements AutoCloseable {
  private final int port;
  private final Path logDir;
  private final Map<String, String> env;
  private final String[] args;
  private ChildJvm jvm;

  Replica(int port, Path logDir, Map<String, String> env, String... args) {
    this.port = port;
    this.logDir = logDir;
    this.env = env;
    this.args = args;
  }

  int port() {
    return port;
  }

  /** Starts the process (returns before it listens). */
  Replica start() throws IOException {
    jvm = ChildJvm.start(logDir, env, args);
    return this;
  }

  Replica awaitReady() throws IOException, InterruptedException {
    jvm.awaitReady(port, "/files/", Duration.ofSeconds(180));
    return this;
  }

  /** SIGKILL: a crash. */
  void kill() throws InterruptedException {
    jvm.kill();
  }

  /** SIGTERM, then waits for the graceful exit; answers the exit code. */
  int terminate() throws InterruptedException {
    jvm.process.destroy();
    return jvm.awaitExit(Duration.ofSeconds(60));
  }

  /** Sends a signal ({@code STOP}, {@code CONT}) to the process, as {@code kill -SIGNAL pid} does. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(jvm.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + jvm.pid() + " failed");
    }
  }

  boolean isAlive() {
    return jvm != null && jvm.process.isAlive();
  }

  String output() {
    return jvm == null ? "" : jvm.stdoutText() + jvm.stderrText();
  }

  @Override
  public void close() throws InterruptedException {
    if (jvm != null && jvm.process.isAlive()) {
      jvm.kill();
    }
  }
}
