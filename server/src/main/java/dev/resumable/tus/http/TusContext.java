package dev.resumable.tus.http;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.ReleaseRequest;
import dev.resumable.tus.store.Concatenater;
import dev.resumable.tus.store.Downloader;
import dev.resumable.tus.store.LengthDeferrer;
import dev.resumable.tus.store.Lister;
import dev.resumable.tus.store.Terminater;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request handler shares: the configuration, the store with its capabilities, the locker, the quota and
 * the listeners, plus the rules that several methods apply alike (liveness of an upload, expiry, finishing a final
 * upload).
 */
final class TusContext {
  private static final Logger LOG = LoggerFactory.getLogger(TusContext.class);
  /** The effective method of a request (after {@code X-HTTP-Method-Override}). */
  static final AttachmentKey<String> METHOD = AttachmentKey.create(String.class);
  private static final AttachmentKey<HookRequest> HOOK_REQUEST = AttachmentKey.create(HookRequest.class);

  final TusConfig config;
  final UploadStore store;
  final Locker locker;
  final StorageQuota quota;
  final UploadListener listener;
  final Hooks hooks;
  final Clock clock;
  final UploadUrls urls;
  final Terminater terminater;
  final LengthDeferrer lengthDeferrer;
  final Concatenater concatenater;
  final Downloader downloader;
  final Lister lister;
  /** Bodies being received right now, so a shutdown can stop them. */
  final Set<BodyPump> activeBodies = ConcurrentHashMap.newKeySet();
  /** Requests waiting for an upload's lock right now, so a shutdown can end their wait. */
  final Set<CompletableFuture<Lock>> pendingLocks = ConcurrentHashMap.newKeySet();
  /** Runs the parts of requests between their asynchronous waits. */
  final Steps steps = new Steps();
  /** Runs the blocking store writes of bodies read without a thread. */
  final StorePool storePool;

  TusContext(TusConfig config, UploadStore store, Locker locker, UploadListener listener, Hooks hooks, Clock clock,
      StorePool storePool) {
    this.hooks = hooks;
    this.storePool = storePool;
    this.config = config;
    this.store = store;
    this.locker = locker;
    this.listener = listener;
    this.clock = clock;
    this.quota = new StorageQuota(config.storeSize());
    this.urls = new UploadUrls(config.basePath(), config.behindProxy());
    this.terminater = config.terminationEnabled() && store instanceof Terminater ? (Terminater) store : null;
    this.lengthDeferrer = store instanceof LengthDeferrer ? (LengthDeferrer) store : null;
    this.concatenater = config.concatenationEnabled() && store instanceof Concatenater ? (Concatenater) store : null;
    this.downloader = config.downloadEnabled() && store instanceof Downloader ? (Downloader) store : null;
    this.lister = store instanceof Lister ? (Lister) store : null;
  }

  /** True when unfinished uploads expire: configured, and the store can list and delete. */
  boolean expirationEnabled() {
    return !config.expiration().isZero() && lister != null && store instanceof Terminater;
  }

  /** The tus extensions this server advertises, derived from the configuration and the store's capabilities. */
  List<String> extensions() {
    List<String> extensions = new ArrayList<>();
    extensions.add("creation");
    extensions.add("creation-with-upload");
    if (lengthDeferrer != null) {
      extensions.add("creation-defer-length");
    }
    if (terminater != null) {
      extensions.add("termination");
    }
    if (concatenater != null) {
      extensions.add("concatenation");
      extensions.add("concatenation-unfinished");
    }
    extensions.add("checksum");
    extensions.add("checksum-trailer");
    if (expirationEnabled()) {
      extensions.add("expiration");
    }
    return extensions;
  }

  /** When the unfinished upload expires, or empty when it never does. */
  Optional<Instant> expiresAt(UploadInfo info) {
    if (!expirationEnabled() || info.isComplete()) {
      return Optional.empty();
    }
    Instant base = info.lastModified() != null ? info.lastModified() : clock.instant();
    return Optional.of(base.plus(config.expiration()));
  }

  boolean isExpired(UploadInfo info) {
    return expiresAt(info).map(at -> !clock.instant().isBefore(at)).orElse(false);
  }

  /** The upload, which must exist (404) and not be expired (410). */
  UploadInfo findLive(String id) throws IOException {
    UploadInfo info = store.find(id).orElseThrow(TusException::notFound);
    if (isExpired(info)) {
      throw TusException.gone();
    }
    return info;
  }

  /** The request as hooks see it (built once per exchange; not at all without hooks). */
  HookRequest hookRequest(HttpServerExchange exchange) {
    if (hooks == Hooks.NONE) {
      return HookRequest.NONE;
    }
    HookRequest request = exchange.getAttachment(HOOK_REQUEST);
    if (request == null) {
      String method = exchange.getAttachment(METHOD);
      request = HookRequest.of(exchange, method != null ? method : exchange.getRequestMethod().toString());
      exchange.putAttachment(HOOK_REQUEST, request);
    }
    return request;
  }

  /** Runs the pre-access hook for a request on an existing upload; returns the upload. */
  UploadInfo access(HttpServerExchange exchange, UploadInfo upload) {
    hooks.preAccess(hookRequest(exchange), upload);
    return upload;
  }

  /**
   * The upload just became complete: the pre-finish hook (blocking; its response is merged into this exchange's),
   * then post-finish (recorded durably before this returns) and the listeners.
   */
  void finished(HttpServerExchange exchange, UploadInfo done) {
    HookRequest request = exchange == null ? HookRequest.NONE : hookRequest(exchange);
    HookResponse response = hooks.preFinish(request, done);
    if (exchange != null) {
      Responses.mergeHookResponse(exchange, response);
    }
    hooks.postFinish(request, done);
    listener.finished(done);
  }

  /** As {@link #settleFinal(HttpServerExchange, UploadInfo)} outside a request. */
  UploadInfo settleFinal(UploadInfo info) throws IOException {
    return settleFinal(null, info);
  }

  /**
   * For a final upload whose partials are all finished, performs the concatenation now (concatenation-unfinished
   * defers it until then). Returns the upload's current state either way.
   */
  UploadInfo settleFinal(HttpServerExchange exchange, UploadInfo info) throws IOException {
    if (!info.isFinal() || info.isComplete() || concatenater == null) {
      return info;
    }
    long total = 0;
    for (String partialId : info.partialUploads()) {
      Optional<UploadInfo> partial = store.find(partialId);
      if (partial.isEmpty() || !partial.get().isComplete()) {
        return info;
      }
      total += partial.get().size();
    }
    Optional<Lock> lock = locker.tryLock(info.id());
    if (lock.isEmpty()) {
      return info;
    }
    try (Lock held = lock.get()) {
      UploadInfo current = store.find(info.id()).orElseThrow(TusException::notFound);
      if (current.isComplete()) {
        return current;
      }
      if (current.sizeIsDeferred()) {
        quota.account(total);
      }
      concatenater.concatenate(info.id(), info.partialUploads());
      UploadInfo done = store.find(info.id()).orElseThrow(TusException::notFound);
      LOG.debug("final upload {} concatenated from {}", info.id(), info.partialUploads());
      if (done.isComplete()) {
        finished(exchange, done);
      }
      return done;
    }
  }

  /** A step that runs holding an upload's lock; it owns the lock and must release it (at once or later). */
  @FunctionalInterface
  interface LockedStep {
    void run(Lock lock) throws Exception;
  }

  /**
   * Runs {@code step} once the upload's lock is held, waiting for it without a thread: when the lock is free the step
   * runs at once on this thread; otherwise this request's thread is given back and the step later runs on a worker
   * thread. A lock that cannot be had answers 423 (timeout), 503 (locker unavailable, shutdown).
   */
  void locked(HttpServerExchange exchange, String id, ReleaseRequest onReleaseRequested, LockedStep step) {
    try {
      locked(exchange, id, onReleaseRequested, () -> { }, step);
    } catch (IOException e) {
      throw new IllegalStateException("nothing runs before waiting", e);
    }
  }

  /** What a request checks before it waits for a busy lock (so it can be refused at once). */
  @FunctionalInterface
  interface BeforeWaiting {
    void run() throws IOException;
  }

  /**
   * As {@link #locked(HttpServerExchange, String, ReleaseRequest, LockedStep)}, running {@code beforeWaiting} on
   * this thread only when the lock is busy: a request that would be refused anyway (wrong offset, rejected by a hook)
   * is answered at once instead of after the wait, while a request that finds the lock free reads the upload's state
   * only once, under the lock. When {@code beforeWaiting} throws, the request stops waiting and the failure is
   * thrown.
   */
  void locked(HttpServerExchange exchange, String id, ReleaseRequest onReleaseRequested,
      BeforeWaiting beforeWaiting, LockedStep step) throws IOException {
    CompletableFuture<Lock> pending = locker.acquire(id, lockTimeout(), onReleaseRequested);
    if (pending.isDone()) {
      steps.run(exchange, () -> step.run(pending.join()));
      return;
    }
    try {
      beforeWaiting.run();
    } catch (IOException | RuntimeException e) {
      giveUp(pending);
      throw e;
    }
    pendingLocks.add(pending);
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> pending.whenComplete((lock, failure) -> {
      pendingLocks.remove(pending);
      steps.resume(exchange, () -> step.run(pending.join()));
    }));
  }

  /** Stops waiting for a lock; releases it when it was had meanwhile. */
  private static void giveUp(CompletableFuture<Lock> pending) {
    if (!pending.cancel(false) && !pending.isCompletedExceptionally()) {
      pending.join().close();
    }
  }

  /** Ends every wait for a lock (shutdown): those requests answer 503. */
  void cancelLockWaits() {
    for (CompletableFuture<Lock> pending : pendingLocks) {
      pending.cancel(false);
    }
  }

  /** The bytes an upload holds against the store-size limit. */
  static long reservedBytes(UploadInfo info) {
    return info.sizeIsDeferred() ? info.offset() : info.size();
  }

  Duration lockTimeout() {
    return config.acquireLockTimeout();
  }
}
