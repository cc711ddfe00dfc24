package dev.resumable.tus.store.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code tus-server} with {@code -s3-bucket} in a child JVM (crash, memory bound), on the shared S3Proxy. */
final class ChildServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private ChildServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ChildServer start(String bucket, String heap, Path log, String... extra) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        "dev.resumable.tus.cli.Main", "-host", "127.0.0.1", "-port", Integer.toString(port),
        "-s3-bucket", bucket, "-s3-endpoint", LocalS3.shared().endpoint().toString(),
        "-s3-part-size", "5MiB", "-s3-min-part-size", "5MiB"));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.put("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY);
    env.put("AWS_REGION", "us-east-1");
    ChildServer child = new ChildServer(builder.start(), port);
    try {
      child.awaitReady();
    } catch (IllegalStateException e) {
      child.kill();
      throw new IllegalStateException(e.getMessage() + "; its log:\n" + java.nio.file.Files.readString(log), e);
    }
    return child;
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("tus-server exited with " + process.exitValue());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(endpoint()).openConnection();
        c.setRequestMethod("OPTIONS");
        if (c.getResponseCode() == 204) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("tus-server did not start");
  }

  String endpoint() {
    return "http://127.0.0.1:" + port + "/files/";
  }

  int port() {
    return port;
  }

  /** Kills the server at once (SIGKILL), like a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, then waits up to {@code timeout} for the exit; returns the exit code, or -1 if it still runs. */
  int terminate(java.time.Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      kill();
    }
  }
}
