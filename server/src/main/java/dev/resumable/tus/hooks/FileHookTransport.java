package dev.resumable.tus.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File hooks, as tusd runs them: the executable named after the event in the hooks directory (no extension) gets
 * the request JSON on stdin and {@code TUS_ID}, {@code TUS_SIZE}, {@code TUS_OFFSET} (and {@code TUS_HOOK},
 * {@code TUS_IDEMPOTENCY_KEY}) in its environment; its stdout is the response; a non-zero exit is a failure; one that
 * outlives the timeout is killed with its children. stdout and stderr go through temporary files, so a chatty hook
 * never blocks on a full pipe; stderr is logged.
 */
public final class FileHookTransport implements HookTransport {
  private static final Logger LOG = LoggerFactory.getLogger(FileHookTransport.class);
  private static final int MAX_OUTPUT = 1024 * 1024;

  private final Path dir;
  private final Duration timeout;

  /** File hooks in {@code dir}, each allowed to run for {@code timeout}. */
  public FileHookTransport(Path dir, Duration timeout) {
    this.dir = dir.toAbsolutePath().normalize();
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public boolean handles(HookType type) {
    Path hook = dir.resolve(type.eventName());
    return Files.isRegularFile(hook) && Files.isExecutable(hook);
  }

  @Override
  public HookResult invoke(HookCall call) throws HookException, InterruptedException {
    Path hook = dir.resolve(call.type().eventName());
    Path in = null;
    Path out = null;
    Path err = null;
    try {
      // stdin from a file, not a pipe: a hook that never reads its input cannot block the server
      in = Files.createTempFile("tus-hook-", ".json");
      Files.write(in, call.body());
      out = Files.createTempFile("tus-hook-", ".out");
      err = Files.createTempFile("tus-hook-", ".err");
      ProcessBuilder builder = new ProcessBuilder(hook.toString()).redirectInput(in.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      // the server's own secrets are not the hook's business
      env.keySet().removeIf(name -> name.startsWith("TUS_HOOKS_HTTP_SIGNING_KEY"));
      env.put("TUS_HOOK", call.type().eventName());
      env.put("TUS_ID", call.uploadId());
      env.put("TUS_SIZE", Long.toString(call.size()));
      env.put("TUS_OFFSET", Long.toString(call.offset()));
      if (call.idempotencyKey() != null) {
        env.put("TUS_IDEMPOTENCY_KEY", call.idempotencyKey());
      }
      Process process = builder.start();
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(process);
        throw e;
      }
      if (!finished) {
        kill(process);
        throw new HookException(hook + " did not finish within " + timeout + " and was killed", null, true);
      }
      String stderr = head(err);
      if (!stderr.isBlank()) {
        LOG.info("{} hook stderr: {}", call.type().eventName(), stderr.strip());
      }
      byte[] stdout = readLimited(out);
      int exit = process.exitValue();
      if (exit != 0) {
        throw new HookException(hook + " exited with " + exit, parseQuietly(stdout), true);
      }
      try {
        return HookJson.response(stdout);
      } catch (IOException e) {
        throw new HookException(hook + " wrote a response that is not JSON: " + e.getMessage(), null, false);
      }
    } catch (IOException e) {
      throw new HookException("cannot run " + hook + ": " + e.getMessage(), null, true);
    } finally {
      deleteQuietly(in);
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static HookResult parseQuietly(byte[] stdout) {
    try {
      return HookJson.response(stdout);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] readLimited(Path file) throws IOException, HookException {
    if (Files.size(file) > MAX_OUTPUT) {
      throw new HookException("the hook wrote more than " + MAX_OUTPUT + " bytes", null, false);
    }
    return Files.readAllBytes(file);
  }

  private static String head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.debug("cannot delete {}: {}", file, e.toString());
      }
    }
  }
}
