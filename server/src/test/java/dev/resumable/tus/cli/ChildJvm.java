package dev.resumable.tus.cli;

import dev.resumable.tus.testing.RawHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code dev.resumable.tus.cli.Main} in a child JVM on this test JVM's class path, the way {@code java -jar
 * tus-server.jar} runs it: for the crash, multi-process and command-line tests. Output goes to files so a full pipe
 * never blocks the child.
 */
public final class ChildJvm implements AutoCloseable {
  /** Child JVM flags that make start-up quick on a small machine. */
  private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

  public final Process process;
  public final Path stdout;
  public final Path stderr;

  private ChildJvm(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts the server CLI with {@code args} and extra environment variables; output files go to {@code logDir}. */
  public static ChildJvm start(Path logDir, Map<String, String> env, String... args) throws IOException {
    return start(logDir, List.of(), env, args);
  }

  /**
   * Starts the server CLI with {@code args}, extra JVM flags (after the defaults, so they win) and extra environment
   * variables; output files go to {@code logDir}.
   */
  public static ChildJvm start(Path logDir, List<String> jvmFlags, Map<String, String> env, String... args)
      throws IOException {
    Files.createDirectories(logDir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(logDir, "child-", ".out");
    Path err = Files.createTempFile(logDir, "child-", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("TUS_"));
    builder.environment().putAll(env);
    return new ChildJvm(builder.start(), out, err);
  }

  /** Starts the server CLI without extra environment. */
  public static ChildJvm start(Path logDir, String... args) throws IOException {
    return start(logDir, Map.of(), args);
  }

  /** A port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Waits until the child answers OPTIONS on {@code port} under {@code basePath}; fails if it exits first. */
  public ChildJvm awaitReady(int port, String basePath, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the server exited with " + process.exitValue() + " before answering: "
            + stderrText() + stdoutText());
      }
      try {
        RawHttp.Response response = RawHttp.to(port).request("OPTIONS", basePath).timeout(1000).send();
        if (response.status == 204 || response.status == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not answer OPTIONS within " + timeout + ": " + stdoutText());
  }

  /** Waits for the child to exit on its own and returns the exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the child did not exit within " + timeout + ": " + stdoutText() + stderrText());
    }
    return process.exitValue();
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  public long pid() {
    return process.pid();
  }

  public String stdoutText() {
    return read(stdout);
  }

  public String stderrText() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
