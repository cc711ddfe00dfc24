package dev.resumable.tus.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable record of post-finish events until every transport acknowledged them: {@code <dir>/<upload id>.hooks}, a
 * JSON file holding the exact request body, the idempotency key and the transports still to deliver to. Written to a
 * temporary file, forced to disk and renamed over (then the directory is forced), before the finishing request is
 * answered; deleted once delivered; read back at start-up for redelivery; moved aside as {@code <id>.hooks.failed}
 * when every transport still pending refused it for good. The request headers in the body are only those hooks are
 * configured to forward, never credentials ({@link RecordedHeaders}). The file store ignores these files (its uploads
 * are {@code .info} files, and its IDs never contain a dot).
 */
final class PostFinishOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(PostFinishOutbox.class);
  private static final String SUFFIX = ".hooks";
  private static final String FAILED_SUFFIX = ".failed";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  PostFinishOutbox(Path dir) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    Files.createDirectories(this.dir);
  }

  /** A recorded event. */
  record Entry(String uploadId, String idempotencyKey, byte[] body, Set<String> pending) {
  }

  /** Records (or rewrites) an entry durably. */
  void write(Entry entry) throws IOException {
    writeAs(entry, fileOf(entry.uploadId()));
  }

  /**
   * Moves an entry every pending transport refused for good aside, as {@code <id>.hooks.failed} (with the transports
   * that gave up as {@code Pending}): kept for inspection, never redelivered.
   */
  void keepFailed(Entry entry) {
    try {
      writeAs(entry, dir.resolve(entry.uploadId() + SUFFIX + FAILED_SUFFIX));
    } catch (IOException e) {
      LOG.warn("cannot keep the refused post-finish record of {}: {}", entry.uploadId(), e.toString());
    }
    delete(entry.uploadId());
  }

  private void writeAs(Entry entry, Path target) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("Type", HookType.POST_FINISH.eventName());
    root.put("UploadID", entry.uploadId());
    root.put("IdempotencyKey", entry.idempotencyKey());
    ArrayNode pending = root.putArray("Pending");
    entry.pending().forEach(pending::add);
    root.put("Body", new String(entry.body(), StandardCharsets.UTF_8));
    Path temp = dir.resolve("." + entry.uploadId() + SUFFIX + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Forgets a delivered entry. */
  void delete(String uploadId) {
    try {
      Files.deleteIfExists(fileOf(uploadId));
    } catch (IOException e) {
      LOG.warn("cannot delete the delivered post-finish record of {}: {}", uploadId, e.toString());
    }
  }

  /** Every entry still to deliver. Unreadable files are logged and skipped. */
  List<Entry> load() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        try {
          JsonNode root = JSON.readTree(file.toFile());
          Set<String> pending = new LinkedHashSet<>();
          root.path("Pending").forEach(p -> pending.add(p.asText()));
          entries.add(new Entry(root.path("UploadID").asText(), root.path("IdempotencyKey").asText(),
              root.path("Body").asText().getBytes(StandardCharsets.UTF_8), pending));
        } catch (IOException e) {
          LOG.error("cannot read the post-finish record {}: {}", file, e.toString());
        }
      }
    }
    return entries;
  }

  private Path fileOf(String uploadId) {
    return dir.resolve(uploadId + SUFFIX);
  }

  private void forceDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("cannot force directory {}: {}", dir, e.toString());
    }
  }
}
