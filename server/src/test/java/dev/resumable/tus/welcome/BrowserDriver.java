package dev.resumable.tus.welcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code server/src/test/node/welcome-browser.js}: headless Chromium (Debian's {@code chromium}) driven by npm
 * {@code playwright-core} on the welcome page. Reads the JSON lines it prints as they come and can send it commands
 * ({@code resume}) on stdin, so a test can restart the server while the page waits. Fails with a clear message when
 * node, chromium or the npm packages are missing (never skips: {@code make test} installs them).
 */
final class BrowserDriver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode END = JSON.createObjectNode().put("event", "<exit>");

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  private final List<JsonNode> seen = new ArrayList<>();
  private final Thread reader;

  private BrowserDriver(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readEvents, "welcome-browser-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the driver with these options (see the script's header); output of Chromium goes to {@code logDir}. */
  static BrowserDriver start(Path logDir, Object options) throws IOException {
    Path node = onPath("node");
    if (node == null) {
      throw new AssertionError("node is not on PATH; the welcome page browser test needs Node.js 18 or newer");
    }
    Path scriptDir = Path.of(System.getProperty("basedir", "."), "src", "test", "node").toAbsolutePath().normalize();
    if (!Files.isDirectory(scriptDir.resolve("node_modules").resolve("playwright-core"))) {
      throw new AssertionError("playwright-core is not installed in " + scriptDir.resolve("node_modules")
          + ": run `make test-deps` (or `npm ci` in " + scriptDir + ") first");
    }
    Files.createDirectories(logDir);
    Path err = Files.createTempFile(logDir, "browser-", ".err");
    Process process = new ProcessBuilder(node.toString(), "welcome-browser.js", JSON.writeValueAsString(options))
        .directory(scriptDir.toFile()).redirectError(err.toFile()).start();
    return new BrowserDriver(process, err);
  }

  /** Debian's chromium (or {@code TUS_TEST_CHROMIUM}); fails saying how to install it when absent. */
  static Path chromium() {
    String configured = System.getenv("TUS_TEST_CHROMIUM");
    Path found = configured != null ? Path.of(configured) : onPath("chromium");
    if (found == null || !Files.isExecutable(found)) {
      throw new AssertionError("chromium is not installed: `make test` installs it (apt-get install -y chromium), "
          + "or set TUS_TEST_CHROMIUM to a Chromium executable");
    }
    return found;
  }

  private static Path onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private void readEvents() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          events.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      // the process ended; END follows
    } finally {
      events.add(END);
    }
  }

  /** Waits for the next event of {@code type}, failing on an earlier exit or after {@code timeout}. */
  JsonNode await(String type, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
      if (event == null) {
        throw new AssertionError("no '" + type + "' event from the browser within " + timeout + "; so far " + seen
            + "; stderr: " + stderrText());
      }
      if (event == END) {
        events.add(END);
        throw new AssertionError("the browser script ended before a '" + type + "' event; events " + seen
            + "; stderr: " + stderrText());
      }
      seen.add(event);
      if (event.path("event").asText().equals(type)) {
        return event;
      }
    }
  }

  /** Sends one command line to the script. */
  void send(String command) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Waits for the script to exit and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the browser script did not exit within " + timeout + "; stderr: " + stderrText());
    }
    return process.exitValue();
  }

  String stderrText() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

  /** Kills the script (and with it Chromium, which playwright-core started as its child) if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
