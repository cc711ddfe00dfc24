package dev.resumable.tus.replicas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code server/src/test/node/tus-upload.js} (the real tus-js-client) uploading a file. The harness
 * directory is {@code src/test/node} of the module under test, or the system property {@value #HARNESS_PROPERTY}
 * (other modules' tests set it to the server's).
 */
public final class NodeUpload {
  /** System property naming the node harness directory. */
  public static final String HARNESS_PROPERTY = "tus.node.harness";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The node process's exit code; -1 when it timed out. */
  public final int exitCode;
  /** The upload URL tus-js-client reported on success, or null. */
  public final String url;
  /** The tail of the script's output. */
  public final String output;

  private NodeUpload(int exitCode, String url, String output) {
    this.exitCode = exitCode;
    this.url = url;
    this.output = output;
  }

  /** The directory of the node harness, checked to have tus-js-client installed. */
  public static Path harness() {
    String configured = System.getProperty(HARNESS_PROPERTY);
    Path dir = (configured != null ? Path.of(configured)
        : Path.of(System.getProperty("basedir", "."), "src", "test", "node")).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir.resolve("node_modules").resolve("tus-js-client"))) {
      throw new AssertionError("tus-js-client is not installed in " + dir + ": run `make test-deps` first");
    }
    return dir;
  }

  /** Uploads {@code file} to {@code endpoint} with tus-js-client, waiting at most {@code timeoutSeconds}. */
  public static NodeUpload run(String endpoint, Path file, Map<String, Object> options, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(file.getParent(), "node-", ".out");
    Process process = new ProcessBuilder(List.of("node", "tus-upload.js", endpoint, file.toString(),
        JSON.writeValueAsString(options))).directory(harness().toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      return new NodeUpload(-1, null, "timed out: " + Files.readString(out, StandardCharsets.UTF_8));
    }
    String url = null;
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (line.startsWith("{")) {
        JsonNode event = JSON.readTree(line);
        if (event.path("event").asText().equals("success")) {
          url = event.path("url").asText();
        }
      }
    }
    return new NodeUpload(process.exitValue(), url, tail(Files.readString(out, StandardCharsets.UTF_8)));
  }

  private static String tail(String text) {
    return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
  }
}
