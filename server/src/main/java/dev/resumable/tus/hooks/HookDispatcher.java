package dev.resumable.tus.hooks;

import dev.resumable.tus.http.HookFailedException;
import dev.resumable.tus.http.HookInterruptedException;
import dev.resumable.tus.http.HookRejectedException;
import dev.resumable.tus.http.HookRequest;
import dev.resumable.tus.http.HookResponse;
import dev.resumable.tus.http.Hooks;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.store.DirectoryRecords;
import dev.resumable.tus.store.RecordKeeper;
import dev.resumable.tus.store.UploadInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook system behind {@link Hooks}: enabled events go to every configured transport (file hooks, then HTTP
 * hooks).
 *
 * <p>Blocking events run on the request thread. A rejection becomes the client's response (the hook's status, body
 * and headers over tusd's default for the rejection); a failing hook becomes a generic 500, details in the log only,
 * unless the failing hook still sent a response with its own status code, which is then sent.
 *
 * <p>Asynchronous events are queued per upload ({@link UploadQueues}) and never hold a request thread. post-finish is
 * recorded in the {@link PostFinishOutbox} before the finishing request is answered and retried with backoff (capped
 * at five minutes) until every transport acknowledged it, across restarts and by whichever process sharing the
 * outbox claims it: the one that finished the upload, or, after it stopped or died, the next one whose scan of the
 * outbox (at start, and every {@value #SCAN_SECONDS} s while post-finish is enabled) finds the record unclaimed.
 */
public final class HookDispatcher implements Hooks {
  private static final Logger LOG = LoggerFactory.getLogger(HookDispatcher.class);
  private static final int THREADS = 8;
  private static final int MAX_PENDING = 10_000;
  private static final long MAX_RETRY_MILLIS = Duration.ofMinutes(5).toMillis();
  private static final long SHUTDOWN_GRACE_MILLIS = 2_000;
  /** How often the outbox is scanned for records no process delivers. */
  static final long SCAN_SECONDS = 10;

  private final Set<HookType> enabled;
  private final List<HookTransport> transports;
  private final HookMetrics metrics;
  private final UploadQueues queues = new UploadQueues(THREADS, MAX_PENDING);
  private final PostFinishOutbox outbox;
  private final long progressNanos;
  private final long retryMillis;
  private final int retries;
  private final List<String> forwardHeaders;
  /** Uploads whose post-finish record this process has claimed and is delivering, with their claims. */
  private final Map<String, Lock> claims = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scanner;
  /** Idempotency keys of post-finish events recorded by {@link #preFinish}, so {@link #postFinish} skips them. */
  private final Set<String> recordedBeforePreFinish = ConcurrentHashMap.newKeySet();

  HookDispatcher(HookSettings settings, List<HookTransport> transports, MeterRegistry registry, RecordKeeper outboxAt,
      Locker locker) throws IOException {
    this.enabled = settings.enabled();
    this.transports = List.copyOf(transports);
    this.metrics = new HookMetrics(registry);
    this.outbox = outboxAt == null ? null : new PostFinishOutbox(outboxAt, locker);
    this.scanner = outbox == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tus-hooks-outbox");
      t.setDaemon(true);
      return t;
    });
    this.progressNanos = settings.progressInterval().toNanos();
    this.retryMillis = Math.max(100, settings.httpBackoff().toMillis());
    this.retries = Math.max(0, settings.httpRetry());
    this.forwardHeaders = settings.forwardHeaders();
  }

  /**
   * Builds the transports the settings describe and starts: post-finish events recorded by an earlier run are queued
   * for delivery at once.
   *
   * @param registry where hook metrics go, or null
   * @throws IOException when the outbox directory cannot be created or read
   */
  public static HookDispatcher start(HookSettings settings, MeterRegistry registry) throws IOException {
    return start(settings, registry, List.of());
  }

  /**
   * Like {@link #start(HookSettings, MeterRegistry)}, with more transports after the file and HTTP ones (gRPC
   * hooks); the dispatcher closes those that are {@link AutoCloseable} when it closes.
   */
  public static HookDispatcher start(HookSettings settings, MeterRegistry registry, List<HookTransport> more)
      throws IOException {
    Path dir = settings.outboxDir();
    return start(settings, registry, more, dir == null ? null : kind -> new DirectoryRecords(dir, kind), null);
  }

  /**
   * Like {@link #start(HookSettings, MeterRegistry, List)}, with the post-finish outbox in {@code outboxAt} (the
   * store, or a directory; {@link HookSettings#outboxDir()} is then ignored) shared through {@code locker} by every
   * process that uses the same outbox: each record is delivered by one process at a time.
   *
   * @param outboxAt where post-finish records are kept, or null for no durability
   * @param locker the locker every process sharing {@code outboxAt} uses, or null when no other process does
   */
  public static HookDispatcher start(HookSettings settings, MeterRegistry registry, List<HookTransport> more,
      RecordKeeper outboxAt, Locker locker) throws IOException {
    List<HookTransport> transports = new ArrayList<>();
    if (settings.dir() != null) {
      transports.add(new FileHookTransport(settings.dir(), settings.fileTimeout()));
    }
    if (settings.httpUrl() != null) {
      transports.add(new HttpHookTransport(settings, Clock.systemUTC()));
    }
    transports.addAll(more);
    HookDispatcher dispatcher = new HookDispatcher(settings, transports, registry, outboxAt, locker);
    if (dispatcher.outbox != null) {
      dispatcher.scanSafely();
      if (dispatcher.enabled.contains(HookType.POST_FINISH)) {
        dispatcher.scanner.scheduleWithFixedDelay(dispatcher::scanSafely, SCAN_SECONDS, SCAN_SECONDS,
            TimeUnit.SECONDS);
      }
      LOG.debug("post-finish outbox: {}", dispatcher.outbox.describe());
    }
    return dispatcher;
  }

  private void scanSafely() {
    try {
      scan();
    } catch (IOException | RuntimeException e) {
      LOG.warn("scanning the post-finish outbox failed: {}", e.toString());
    }
  }

  /**
   * Claims every record no process delivers (left by an earlier run, or by a process that stopped or died) and
   * queues its delivery. Records this process delivers already, and those another live process has claimed, are
   * skipped.
   */
  private void scan() throws IOException {
    int claimed = 0;
    for (String uploadId : outbox.uploadIds()) {
      if (claims.containsKey(uploadId)) {
        continue;
      }
      Optional<Lock> claim = outbox.claim(uploadId);
      if (claim.isEmpty()) {
        continue;
      }
      Optional<PostFinishOutbox.Entry> entry = outbox.read(uploadId);
      if (entry.isEmpty() || claims.putIfAbsent(uploadId, claim.get()) != null) {
        claim.get().close();
        continue;
      }
      HookCall call;
      try {
        call = HookJson.callOf(HookType.POST_FINISH, entry.get().body(), entry.get().idempotencyKey());
      } catch (IOException | RuntimeException e) {
        LOG.error("post-finish record of upload {} is damaged and cannot be redelivered ({}); kept aside", uploadId,
            e.toString());
        outbox.keepFailed(entry.get());
        unclaim(uploadId);
        continue;
      }
      if (queues.submit(uploadId, new DurableJob(call, entry.get(), claim.get()))) {
        claimed++;
      } else {
        unclaim(uploadId);
      }
    }
    if (claimed > 0) {
      LOG.info("delivering {} post-finish event(s) recorded earlier (by a process that stopped, or before a restart)",
          claimed);
    }
  }

  /** Lets go of the claim on an upload's record (delivered, withdrawn, or left to another process). */
  private void unclaim(String uploadId) {
    Lock claim = claims.remove(uploadId);
    if (claim != null) {
      claim.close();
    }
  }

  @Override
  public void preAccess(HookRequest request, UploadInfo upload) {
    if (enabled.contains(HookType.PRE_ACCESS)) {
      HookResult result = blocking(HookType.PRE_ACCESS, upload, request);
      if (result.rejectAccess()) {
        throw rejection(403, "upload access has been rejected by server\n", result);
      }
    }
  }

  @Override
  public Creation preCreate(HookRequest request, UploadInfo upload) {
    if (!enabled.contains(HookType.PRE_CREATE)) {
      return Creation.UNCHANGED;
    }
    HookResult result = blocking(HookType.PRE_CREATE, upload, request);
    if (result.rejectUpload()) {
      throw rejection(400, "upload creation has been rejected by server\n", result);
    }
    return new Creation(result.changeId(), result.changeMetaData(), result.httpResponse());
  }

  @Override
  public void postCreate(HookRequest request, UploadInfo upload) {
    async(HookType.POST_CREATE, upload, request, null);
  }

  @Override
  public Progress receiving(HookRequest request, UploadInfo upload, Consumer<HookResponse> stopUpload) {
    if (!enabled.contains(HookType.POST_RECEIVE)) {
      return Progress.NONE;
    }
    return new ProgressReporter(this, request, upload, stopUpload, progressNanos);
  }

  /** Queues one post-receive event (from {@link ProgressReporter}). */
  void progress(HookRequest request, UploadInfo upload, Consumer<HookResponse> stopUpload) {
    async(HookType.POST_RECEIVE, upload, request, stopUpload);
  }

  /**
   * Records post-finish durably first, then runs pre-finish, then lets post-finish go. The upload already holds all
   * its bytes when this is called, so a crash while the pre-finish hook runs (it may take long) must not lose
   * post-finish: the record is on disk before the hook is called, and a restart delivers it (whether pre-finish had
   * answered is unknown then, and the upload is complete). Receivers never see post-finish before pre-finish
   * answered in this process. A pre-finish that fails withdraws the record (as in tusd, no post-finish follows a
   * failed pre-finish); one interrupted by shutdown keeps it, for the next start.
   */
  @Override
  public HookResponse preFinish(HookRequest request, UploadInfo upload) {
    DurableJob postFinish = recordPostFinish(request, upload);
    boolean failed = false;
    try {
      return enabled.contains(HookType.PRE_FINISH)
          ? blocking(HookType.PRE_FINISH, upload, request).httpResponse() : null;
    } catch (HookFailedException | HookRejectedException e) {
      failed = true;
      throw e;
    } finally {
      if (postFinish != null) {
        if (failed) {
          recordedBeforePreFinish.remove(postFinish.call.idempotencyKey());
          if (outbox != null) {
            outbox.delete(upload.id());
          }
          unclaim(upload.id());
        } else if (!queues.submit(upload.id(), postFinish)) {
          unclaim(upload.id());
        }
      }
    }
  }

  /** Delivers post-finish unless {@link #preFinish} recorded and released it already (the usual case). */
  @Override
  public void postFinish(HookRequest request, UploadInfo upload) {
    if (recordedBeforePreFinish.remove(keyOf(upload, HookType.POST_FINISH))) {
      return;
    }
    DurableJob job = recordPostFinish(request, upload);
    if (job != null) {
      recordedBeforePreFinish.remove(job.call.idempotencyKey());
      if (!queues.submit(upload.id(), job)) {
        unclaim(upload.id());
      }
    }
  }

  /**
   * Writes the post-finish record (before this returns) and answers the job that delivers it, or null when no
   * transport takes post-finish. The recorded request keeps only the headers hooks are configured to forward, and
   * never credentials: the record lies on a volume other pods share.
   */
  private DurableJob recordPostFinish(HookRequest request, UploadInfo upload) {
    if (!enabled.contains(HookType.POST_FINISH)) {
      return null;
    }
    Set<String> pending = new LinkedHashSet<>();
    for (HookTransport transport : transports) {
      if (transport.handles(HookType.POST_FINISH)) {
        pending.add(transport.name());
      }
    }
    if (pending.isEmpty()) {
      return null;
    }
    String key = keyOf(upload, HookType.POST_FINISH);
    HookRequest recordable = RecordedHeaders.of(request, forwardHeaders);
    byte[] body = HookJson.request(HookType.POST_FINISH, upload, recordable, key);
    // the delivery from memory forwards the live request's headers; a redelivery after a restart only what was kept
    HookCall call = new HookCall(HookType.POST_FINISH, upload.id(), upload.size(), upload.offset(), body,
        request.headers(), key);
    PostFinishOutbox.Entry entry = new PostFinishOutbox.Entry(upload.id(), key, body, pending);
    Lock claim = null;
    if (outbox != null) {
      // claimed before it is written, so no other process's scan delivers it before pre-finish answered here
      claim = claimFor(upload.id());
      try {
        outbox.write(entry);
      } catch (IOException e) {
        LOG.error("cannot record the post-finish event of {} durably ({}); delivering it from memory only",
            upload.id(), e.toString());
        unclaim(upload.id());
        claim = null;
      }
    }
    recordedBeforePreFinish.add(key);
    return new DurableJob(call, entry, claim);
  }

  /**
   * Claims the record this process is about to write, to deliver it itself. Should another process hold the claim
   * (it delivers an earlier record of the same upload) or the locker be unreachable, the record is left to the
   * scans: an unclaimed {@link DurableJob} delivers nothing.
   */
  private Lock claimFor(String uploadId) {
    Lock existing = claims.get(uploadId);
    if (existing != null && existing.isValid()) {
      return existing;
    }
    try {
      Optional<Lock> claim = outbox.claim(uploadId);
      if (claim.isPresent()) {
        Lock previous = claims.put(uploadId, claim.get());
        if (previous != null) {
          previous.close();
        }
        return claim.get();
      }
      LOG.info("the post-finish record of {} is claimed by another process; it delivers it", uploadId);
    } catch (IOException e) {
      LOG.warn("cannot claim the post-finish record of {} ({}); a later scan of the outbox delivers it", uploadId,
          e.toString());
    }
    return PostFinishOutbox.UNCLAIMED;
  }

  @Override
  public HookResponse preTerminate(HookRequest request, UploadInfo upload) {
    if (!enabled.contains(HookType.PRE_TERMINATE)) {
      return null;
    }
    HookResult result = blocking(HookType.PRE_TERMINATE, upload, request);
    if (result.rejectTermination()) {
      throw rejection(400, "upload termination has been rejected by server\n", result);
    }
    return result.httpResponse();
  }

  @Override
  public void postTerminate(HookRequest request, UploadInfo upload) {
    async(HookType.POST_TERMINATE, upload, request, null);
  }

  /** Stops taking events; gives queued ones a moment, then stops. Recorded post-finish events stay recorded. */
  @Override
  public void close() {
    if (scanner != null) {
      scanner.shutdownNow();
    }
    queues.close(SHUTDOWN_GRACE_MILLIS);
    for (String uploadId : List.copyOf(claims.keySet())) {
      unclaim(uploadId);
    }
    for (HookTransport transport : transports) {
      if (transport instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("closing the {} hooks failed: {}", transport.name(), e.toString());
        }
      }
    }
  }

  /** Asynchronous events queued or running (tests, diagnostics). */
  public int pending() {
    return queues.pending();
  }

  private HookResult blocking(HookType type, UploadInfo upload, HookRequest request) {
    byte[] body = HookJson.request(type, upload, request, null);
    HookCall call = new HookCall(type, type == HookType.PRE_CREATE ? "" : upload.id(), upload.size(),
        upload.offset(), body, request.headers(), null);
    HookResult merged = HookResult.EMPTY;
    for (HookTransport transport : transports) {
      if (!transport.handles(type)) {
        continue;
      }
      try {
        merged = merged.merge(invoke(transport, call));
      } catch (HookException e) {
        if (e.result() != null && e.result().hasOwnResponse()) {
          LOG.warn("{} hook ({}) failed for upload {}: {}; sending its own response {}", type.eventName(),
              transport.name(), call.uploadId(), e.getMessage(), e.result().httpResponse().statusCode());
          throw new HookRejectedException(e.result().httpResponse());
        }
        LOG.error("{} hook ({}) failed for upload {}: {}", type.eventName(), transport.name(), call.uploadId(),
            e.getMessage());
        throw new HookFailedException(type.eventName() + " hook (" + transport.name() + ") failed: "
            + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HookInterruptedException(type.eventName());
      }
    }
    return merged;
  }

  private void async(HookType type, UploadInfo upload, HookRequest request, Consumer<HookResponse> stopUpload) {
    if (!enabled.contains(type)) {
      return;
    }
    String key = keyOf(upload, type);
    byte[] body = HookJson.request(type, upload, request, key);
    HookCall call = new HookCall(type, upload.id(), upload.size(), upload.offset(), body, request.headers(), key);
    if (!queues.submit(upload.id(), new AsyncJob(call, stopUpload))) {
      metrics.dropped(type);
      LOG.warn("{} hook for {} dropped: {} events are queued already", type.eventName(), upload.id(), pending());
    }
  }

  private HookResult invoke(HookTransport transport, HookCall call) throws HookException, InterruptedException {
    long started = System.nanoTime();
    boolean failed = true;
    try {
      HookResult result = transport.invoke(call);
      failed = false;
      return result;
    } finally {
      metrics.invoked(call.type(), transport.name(), System.nanoTime() - started, failed);
    }
  }

  private static String keyOf(UploadInfo upload, HookType type) {
    return type == HookType.POST_RECEIVE ? upload.id() + ":" + type.eventName() + ":" + upload.offset()
        : upload.id() + ":" + type.eventName();
  }

  private static HookRejectedException rejection(int status, String body, HookResult result) {
    return new HookRejectedException(new HookResponse(status, body, null).mergeWith(result.httpResponse()));
  }

  /** A fire-and-forget event: one delivery per transport (HTTP retries included); post-receive may stop the upload. */
  private final class AsyncJob implements UploadQueues.Job {
    private final HookCall call;
    private final Consumer<HookResponse> stopUpload;

    AsyncJob(HookCall call, Consumer<HookResponse> stopUpload) {
      this.call = call;
      this.stopUpload = stopUpload;
    }

    @Override
    public long run() throws InterruptedException {
      for (HookTransport transport : transports) {
        if (!transport.handles(call.type())) {
          continue;
        }
        try {
          HookResult result = invoke(transport, call);
          if (result.stopUpload() && stopUpload != null) {
            LOG.info("{} hook ({}) asks to stop the upload {}", call.type().eventName(), transport.name(),
                call.uploadId());
            stopUpload.accept(result.httpResponse());
          }
        } catch (HookException e) {
          LOG.warn("{} hook ({}) failed for upload {}: {}", call.type().eventName(), transport.name(),
              call.uploadId(), e.getMessage());
        }
      }
      return 0;
    }

    @Override
    public boolean replaceable() {
      return call.type() == HookType.POST_RECEIVE;
    }
  }

  /**
   * post-finish: delivered to each transport until it acknowledges, the record updated as they do. Failures that may
   * pass (unreachable, timeouts, 5xx, 429) are retried with backoff for as long as it takes; a transport that refuses
   * the event for good (a non-retryable answer such as a 4xx) gets the configured number of retries, then the event
   * is given up for it: counted in {@code tus_hook_undeliverable_total} and its record kept as
   * {@code <id>.hooks.failed}, which is never redelivered.
   *
   * <p>With an outbox, the job delivers only while it holds the record's claim: checked before every attempt; a
   * claim lost (lease expired, locker failover) or never had ends the job and leaves the record to the process that
   * claims it next.
   */
  private final class DurableJob implements UploadQueues.Job {
    private final HookCall call;
    private final Set<String> pending;
    private final Set<String> givenUp = new LinkedHashSet<>();
    private final Map<String, Integer> refusals = new HashMap<>();
    private final PostFinishOutbox.Entry entry;
    /** The record's claim; null without an outbox (delivered from memory only). */
    private final Lock claim;
    private int failures;

    DurableJob(HookCall call, PostFinishOutbox.Entry entry, Lock claim) {
      this.call = call;
      this.entry = entry;
      this.claim = claim;
      this.pending = new LinkedHashSet<>(entry.pending());
    }

    @Override
    public long run() throws InterruptedException {
      if (claim != null && !claim.isValid()) {
        if (claim != PostFinishOutbox.UNCLAIMED) {
          LOG.warn("lost the claim on the post-finish record of {}; another process delivers it", call.uploadId());
          claims.remove(call.uploadId(), claim);
          claim.close();
        }
        return 0;
      }
      for (HookTransport transport : transports) {
        if (!pending.contains(transport.name())) {
          continue;
        }
        try {
          invoke(transport, call);
          pending.remove(transport.name());
        } catch (HookException e) {
          if (!e.isRetryable() && refusals.merge(transport.name(), 1, Integer::sum) > retries) {
            pending.remove(transport.name());
            givenUp.add(transport.name());
            metrics.undeliverable(HookType.POST_FINISH, transport.name());
            LOG.error("post-finish hook ({}) for upload {} refused after {} retries: {}; giving up, the record is "
                + "kept for inspection", transport.name(), call.uploadId(), retries, e.getMessage());
          } else {
            LOG.warn("post-finish hook ({}) for upload {} failed: {}; will retry", transport.name(),
                call.uploadId(), e.getMessage());
          }
        }
      }
      pending.retainAll(namesOf(transports));
      if (pending.isEmpty()) {
        if (outbox != null && !givenUp.isEmpty()) {
          outbox.keepFailed(new PostFinishOutbox.Entry(entry.uploadId(), entry.idempotencyKey(), entry.body(),
              givenUp));
        } else if (outbox != null) {
          outbox.delete(call.uploadId());
        }
        if (claim != null) {
          claims.remove(call.uploadId(), claim);
          claim.close();
        }
        return 0;
      }
      if (outbox != null && pending.size() < entry.pending().size()) {
        try {
          outbox.write(new PostFinishOutbox.Entry(entry.uploadId(), entry.idempotencyKey(), entry.body(), pending));
        } catch (IOException e) {
          LOG.warn("cannot update the post-finish record of {}: {}", call.uploadId(), e.toString());
        }
      }
      failures++;
      return Math.min(MAX_RETRY_MILLIS, retryMillis << Math.min(failures - 1, 20));
    }

    @Override
    public boolean durable() {
      return true;
    }
  }

  private static Set<String> namesOf(List<HookTransport> transports) {
    Set<String> names = new LinkedHashSet<>();
    transports.forEach(t -> names.add(t.name()));
    return names;
  }
}
