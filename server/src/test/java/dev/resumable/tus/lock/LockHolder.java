package dev.resumable.tus.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The test side of {@link LockHolderMain}: starts it, reads its lines, signals it (SIGKILL, SIGSTOP, SIGCONT). */
final class LockHolder implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private LockHolder(Process process) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("EOF " + e);
      }
    }, "lock-holder-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a holder of {@code id} and waits until it holds the lock. */
  static LockHolder start(Path log, String type, String target, Duration ttl, String id) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), LockHolderMain.class.getName(), type, target,
        Long.toString(ttl.toMillis()), id));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    LockHolder holder = new LockHolder(process);
    holder.await("LOCKED", Duration.ofSeconds(60));
    return holder;
  }

  /** Waits for a line starting with {@code prefix}; answers it. */
  String await(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new AssertionError("the lock holder did not print " + prefix + " within " + timeout + "; saw "
            + seen + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
      }
      seen.add(line);
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Whether the holder printed {@code prefix} at any time so far. */
  boolean saw(String prefix) {
    lines.drainTo(seen);
    return seen.stream().anyMatch(line -> line.startsWith(prefix));
  }

  /** Asks the holder whether its lock is valid. */
  boolean valid() throws IOException, InterruptedException {
    send("valid");
    return await("VALID", Duration.ofSeconds(10)).endsWith("true");
  }

  void send(String command) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + name + " failed");
    }
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      signal("CONT");
      kill();
    }
  }
}
