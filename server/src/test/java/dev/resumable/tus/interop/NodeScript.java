package dev.resumable.tus.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code server/src/test/node/tus-upload.js} (the real tus-js-client) as a child process and parses the JSON
 * lines it prints. Fails with a clear message when {@code node} is not on PATH or {@code npm ci} was not run.
 */
final class NodeScript {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path node;
  private final Path scriptDir;

  private NodeScript(Path node, Path scriptDir) {
    this.node = node;
    this.scriptDir = scriptDir;
  }

  /** Locates node and the installed node_modules, or throws an {@link AssertionError} saying what is missing. */
  static NodeScript locate() {
    Path node = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "node");
      if (Files.isExecutable(candidate)) {
        node = candidate;
        break;
      }
    }
    if (node == null) {
      throw new AssertionError("node is not on PATH; the tus-js-client interop test needs Node.js 18 or newer");
    }
    Path scriptDir = Path.of(System.getProperty("basedir", "."), "src", "test", "node").toAbsolutePath().normalize();
    if (!Files.isRegularFile(scriptDir.resolve("tus-upload.js"))) {
      throw new AssertionError("tus-upload.js not found in " + scriptDir);
    }
    if (!Files.isDirectory(scriptDir.resolve("node_modules").resolve("tus-js-client"))) {
      throw new AssertionError("tus-js-client is not installed in " + scriptDir.resolve("node_modules")
          + ": run `make test-deps` (or `npm ci` in " + scriptDir + ") first");
    }
    return new NodeScript(node, scriptDir);
  }

  /** The outcome of one run: exit code, parsed stdout events, stderr. */
  static final class Run {
    final int exitCode;
    final List<JsonNode> events;
    final String stderr;

    Run(int exitCode, List<JsonNode> events, String stderr) {
      this.exitCode = exitCode;
      this.events = events;
      this.stderr = stderr;
    }

    /** Events of one type ({@code request}, {@code response}, {@code success}, …). */
    List<JsonNode> events(String type) {
      return events.stream().filter(e -> e.path("event").asText().equals(type)).collect(Collectors.toList());
    }

    /** Requests sent with {@code method}. */
    List<JsonNode> requests(String method) {
      return events("request").stream().filter(e -> e.path("method").asText().equals(method))
          .collect(Collectors.toList());
    }

    /** The URL of the {@code success} or {@code aborted} event. */
    String url(String type) {
      List<JsonNode> found = events(type);
      if (found.size() != 1) {
        throw new AssertionError("expected one '" + type + "' event, got " + events + "; stderr: " + stderr);
      }
      return found.get(0).path("url").asText();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + ", events " + events + ", stderr " + stderr;
    }
  }

  /** Runs the script with an endpoint, a file and options (a JSON object), waiting at most 60 s. */
  Run run(String endpoint, Path file, Object options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(node.toString(), "tus-upload.js", endpoint, file.toString(),
        JSON.writeValueAsString(options)));
    Path stdout = Files.createTempFile("tus-js-", ".out");
    Path stderr = Files.createTempFile("tus-js-", ".err");
    try {
      Process process = new ProcessBuilder(command).directory(scriptDir.toFile())
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("tus-upload.js did not finish within 60 s: "
            + Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8));
      }
      List<JsonNode> events = new ArrayList<>();
      for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          events.add(JSON.readTree(line));
        }
      }
      return new Run(process.exitValue(), events, Files.readString(stderr, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
