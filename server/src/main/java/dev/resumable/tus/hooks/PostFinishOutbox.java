package dev.resumable.tus.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.store.RecordKeeper;
import dev.resumable.tus.store.Records;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable record of post-finish events until every transport acknowledged them: one record per upload (kind
 * {@value #KIND}, named by the upload ID), a JSON document holding the exact request body, the idempotency key and the
 * transports still to deliver to. Written durably before the finishing request is answered; deleted once delivered;
 * kept as kind {@value #FAILED_KIND} (never redelivered) when every transport still pending refused it for good. The
 * request headers in the body are only those hooks are configured to forward, never credentials
 * ({@link RecordedHeaders}).
 *
 * <p>Where: in the store when it keeps records ({@link RecordKeeper}: the file store's upload directory as
 * {@code <id>.hooks}, S3 under {@code <prefix>.tus/hooks/}), so a record outlives the pod that wrote it and every
 * replica sees it; or in a directory of its own ({@code -hooks-outbox-dir}).
 *
 * <p>One deliverer at a time: a process delivers a record only while it holds the record's <em>claim</em>, the lock
 * {@code .post-finish.<id>} in the shared locker (a leading dot: never an upload ID), taken without waiting. The
 * process that finished the upload claims the record when it writes it; a record left by a process that stopped
 * (claim released) or died (its lease expired) is claimed by the next process that scans the outbox.
 */
final class PostFinishOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(PostFinishOutbox.class);
  static final String KIND = "hooks";
  static final String FAILED_KIND = "hooks.failed";
  private static final String CLAIM_PREFIX = ".post-finish.";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A claim never had: a job holding it delivers nothing (the record is left to the scans). */
  static final Lock UNCLAIMED = new Lock() {
    @Override
    public String id() {
      return "";
    }

    @Override
    public boolean isValid() {
      return false;
    }

    @Override
    public void close() {
    }
  };

  private final Records pending;
  private final Records failed;
  private final Locker locker;

  /**
   * @param keeper where the records are
   * @param locker the locker shared by every process that shares {@code keeper}, or null when only this process
   *     uses the outbox
   */
  PostFinishOutbox(RecordKeeper keeper, Locker locker) throws IOException {
    this.pending = keeper.records(KIND);
    this.failed = keeper.records(FAILED_KIND);
    this.locker = locker;
  }

  /** A recorded event. */
  record Entry(String uploadId, String idempotencyKey, byte[] body, Set<String> pending) {
  }

  /** Where the records are, for logs. */
  String describe() {
    return pending.describe();
  }

  /** Records (or rewrites) an entry durably. */
  void write(Entry entry) throws IOException {
    pending.put(entry.uploadId(), toJson(entry));
  }

  /**
   * Moves an entry every pending transport refused for good aside, as kind {@value #FAILED_KIND} (with the
   * transports that gave up as {@code Pending}): kept for inspection, never redelivered.
   */
  void keepFailed(Entry entry) {
    try {
      failed.put(entry.uploadId(), toJson(entry));
    } catch (IOException e) {
      LOG.warn("cannot keep the refused post-finish record of {}: {}", entry.uploadId(), e.toString());
    }
    delete(entry.uploadId());
  }

  /** Forgets a delivered entry. */
  void delete(String uploadId) {
    try {
      pending.delete(uploadId);
    } catch (IOException e) {
      LOG.warn("cannot delete the delivered post-finish record of {}: {}", uploadId, e.toString());
    }
  }

  /** The uploads with a record still to deliver. */
  List<String> uploadIds() throws IOException {
    return pending.names();
  }

  /**
   * The entry of {@code uploadId}, or empty when it is gone (delivered by someone else) or damaged: a damaged record
   * is logged and moved aside as kind {@value #FAILED_KIND}, so no scan meets it again. Called under the claim.
   */
  Optional<Entry> read(String uploadId) throws IOException {
    Optional<byte[]> bytes = pending.get(uploadId);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(bytes.get());
      Set<String> transports = new LinkedHashSet<>();
      root.path("Pending").forEach(p -> transports.add(p.asText()));
      return Optional.of(new Entry(root.path("UploadID").asText(), root.path("IdempotencyKey").asText(),
          root.path("Body").asText().getBytes(StandardCharsets.UTF_8), transports));
    } catch (IOException e) {
      LOG.error("the post-finish record of {} is damaged and cannot be delivered ({}); kept aside as {}", uploadId,
          e.toString(), FAILED_KIND);
      failed.put(uploadId, bytes.get());
      pending.delete(uploadId);
      return Optional.empty();
    }
  }

  /**
   * Claims the record of {@code uploadId} for this process without waiting; empty while another process holds the
   * claim. The claim must be closed when this process is done with the record.
   */
  Optional<Lock> claim(String uploadId) throws IOException {
    if (locker == null) {
      return Optional.of(new LocalClaim(uploadId));
    }
    return locker.tryLock(CLAIM_PREFIX + uploadId);
  }

  private static byte[] toJson(Entry entry) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("Type", HookType.POST_FINISH.eventName());
    root.put("UploadID", entry.uploadId());
    root.put("IdempotencyKey", entry.idempotencyKey());
    ArrayNode transports = root.putArray("Pending");
    entry.pending().forEach(transports::add);
    root.put("Body", new String(entry.body(), StandardCharsets.UTF_8));
    return JSON.writeValueAsBytes(root);
  }

  /** The claim when no other process shares the outbox: valid until closed. */
  private static final class LocalClaim implements Lock {
    private final String id;
    private final AtomicBoolean closed = new AtomicBoolean();

    LocalClaim(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean isValid() {
      return !closed.get();
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
