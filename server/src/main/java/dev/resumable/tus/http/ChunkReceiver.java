package dev.resumable.tus.http;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockLostException;
import dev.resumable.tus.store.ChecksumMismatchException;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.OffsetMismatchException;
import dev.resumable.tus.store.UploadInfo;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one chunk into an upload under its lock: the part PATCH and creation-with-upload share. The lock is
 * awaited without a thread ({@link TusContext#locked}); checks are repeated under the lock (another request may have
 * moved the offset while this one waited); the body is read without a thread by a {@link BodyPump} into the store's
 * {@link ChunkWriter}, bounded to the upload's length; every outcome maps to the status the protocol asks for, and
 * the lock is released once the chunk is committed and the finish hooks ran.
 */
final class ChunkReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkReceiver.class);

  private static final long DEFAULT_READ_TIMEOUT_MILLIS = 60_000;

  private final TusContext context;

  /** What the request answers once the chunk is stored; runs on a worker thread. */
  @FunctionalInterface
  interface Done {
    void respond(UploadInfo after) throws IOException;
  }

  /** A request's own checks of the upload's current state (run once per request, before any byte is stored). */
  @FunctionalInterface
  interface Check {
    void check(UploadInfo current) throws IOException;
  }

  ChunkReceiver(TusContext context) {
    this.context = context;
  }

  /**
   * Appends the request body at {@code offset}, then calls {@code done} with the upload's state after the chunk
   * (possibly later, on another worker thread); a failure is answered with its status instead.
   *
   * @param declaredLength an {@code Upload-Length} sent with the chunk (deferred length), or null
   */
  void receive(HttpServerExchange exchange, String id, long offset, Long declaredLength, ChunkChecksum checksum,
      Done done) {
    Takeover takeover = new Takeover(exchange, context.config.stallTimeout());
    context.locked(exchange, id, takeover,
        lock -> receiveLocked(exchange, id, offset, declaredLength, checksum, takeover, lock, null, done));
  }

  /**
   * As {@link #receive(HttpServerExchange, String, long, Long, ChunkChecksum, Done)} for a request that checks the
   * upload's state itself ({@code check}: PATCH's pre-access hook and offset). The state is read once: under the
   * lock when it is free; when it is busy, also before waiting, so a request refused by {@code check} is answered at
   * once.
   */
  void receive(HttpServerExchange exchange, String id, long offset, Long declaredLength, ChunkChecksum checksum,
      Check check, Done done) throws IOException {
    if (!context.store.mayExist(id)) {
      // an unknown ID is answered without the locker: no lock state named after whatever a client sends
      throw TusException.notFound();
    }
    Takeover takeover = new Takeover(exchange, context.config.stallTimeout());
    boolean[] checked = new boolean[1];
    context.locked(exchange, id, takeover, () -> {
      check.check(context.findLive(id));
      checked[0] = true;
    }, lock -> receiveLocked(exchange, id, offset, declaredLength, checksum, takeover, lock,
        checked[0] ? null : check, done));
  }

  private void receiveLocked(HttpServerExchange exchange, String id, long offset, Long declaredLength,
      ChunkChecksum checksum, Takeover takeover, Lock lock, Check check, Done done) throws IOException {
    boolean handedOver = false;
    try {
      UploadInfo before = context.findLive(id);
      if (check != null) {
        check.check(before);
      }
      if (before.isFinal()) {
        throw new TusException(403, "a final upload cannot be modified");
      }
      if (before.offset() != offset) {
        throw new TusException(409, "Upload-Offset " + offset + " does not match the upload's offset "
            + before.offset());
      }
      UploadInfo info = applyDeclaredLength(before, declaredLength);
      long contentLength = exchange.getRequestContentLength();
      long limit = limitOf(info);
      if (contentLength > limit) {
        throw TusException.tooLarge("the chunk of " + contentLength + " bytes exceeds the upload's remaining "
            + limit + " bytes");
      }
      Write write = new Write(exchange, before, id, offset, contentLength);
      if (contentLength == 0 && checksum == null) {
        // nothing to store (a deferred length declared alone, an empty chunk): no writer, no body to read
        done.respond(afterWrite(write, info, Hooks.Progress.NONE));
        return;
      }
      ChunkWriter writer;
      try {
        writer = context.store.open(info, checksum == null ? ChunkVerifier.NONE : checksum, lock);
      } catch (OffsetMismatchException e) {
        throw new TusException(409, "Upload-Offset " + offset + " does not match the upload's offset "
            + e.actual());
      }
      AtomicReference<HookResponse> stopResponse = new AtomicReference<>();
      AtomicReference<BodyPump> pumpRef = new AtomicReference<>();
      Hooks.Progress progress = context.hooks.receiving(context.hookRequest(exchange), info, response -> {
        stopResponse.set(response);
        BodyPump pump = pumpRef.get();
        if (pump != null) {
          pump.stop(BodyPump.End.STOPPED_BY_HOOK);
        }
      });
      BodyPump pump = new BodyPump(exchange.getRequestChannel(), exchange.getConnection(), writer, limit, checksum,
          context.storePool, exchange.getConnection().getByteBufferPool(), readTimeoutNanos(exchange),
          outcome -> context.steps.resume(exchange,
              () -> ended(write, writer, lock, progress, stopResponse, outcome, done)));
      pumpRef.set(pump);
      pump.onProgress(count -> progress.read(offset + count));
      takeover.watch(pump);
      write.pump = pump;
      handedOver = true;
      BodyPump.Outcome inline = stopResponse.get() != null ? null : pump.readInline();
      if (inline != null) {
        // the whole body came with the request: no hand-off at all
        ended(write, writer, lock, progress, stopResponse, inline, done);
        return;
      }
      context.activeBodies.add(pump);
      if (stopResponse.get() != null) {
        pump.stop(BodyPump.End.STOPPED_BY_HOOK);
      }
      exchange.dispatch(SameThreadExecutor.INSTANCE, pump::start);
    } finally {
      if (!handedOver) {
        lock.close();
      }
    }
  }

  /** One write's parameters, for what follows it. */
  private static final class Write {
    final HttpServerExchange exchange;
    final UploadInfo before;
    final String id;
    final long offset;
    final long contentLength;
    BodyPump pump;

    Write(HttpServerExchange exchange, UploadInfo before, String id, long offset, long contentLength) {
      this.exchange = exchange;
      this.before = before;
      this.id = id;
      this.offset = offset;
      this.contentLength = contentLength;
    }
  }

  /** The body ended (on a worker thread): commit or keep what arrived, answer, release the lock. */
  private void ended(Write write, ChunkWriter writer, Lock lock, Hooks.Progress progress,
      AtomicReference<HookResponse> stopResponse, BodyPump.Outcome outcome, Done done) throws IOException {
    try (Lock held = lock) {
      context.activeBodies.remove(write.pump);
      context.listener.bodyRead(write.id, outcome.count());
      switch (outcome.end()) {
        case COMPLETE -> {
          UploadInfo after;
          try {
            after = writer.finish();
          } catch (ChecksumMismatchException e) {
            throw new TusException(460, "checksum mismatch: the chunk was discarded");
          } catch (ChunkChecksum.InvalidChecksumException e) {
            throw TusException.badRequest(e.getMessage() + ": the chunk was discarded");
          }
          after = afterWrite(write, after, progress);
          if (write.contentLength >= 0 && outcome.count() < write.contentLength) {
            throw TusException.badRequest("the request body ended after " + outcome.count() + " of "
                + write.contentLength + " bytes; offset now " + after.offset());
          }
          done.respond(after);
        }
        case TOO_LARGE -> {
          afterWrite(write, writer.abort(true), progress);
          throw TusException.tooLarge("the request body exceeds the upload's length; the bytes within it were kept");
        }
        case STORE_FAILED -> {
          IOException failure = outcome.failure();
          boolean lost = failure instanceof LockLostException || !lock.isValid();
          try {
            UploadInfo kept = writer.abort(!lost);
            if (!lost) {
              afterWrite(write, kept, progress);
            }
          } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
          }
          throw failure;
        }
        case STOPPED_BY_HOOK -> {
          writer.abort(true);
          throw stopped(write, progress, stopResponse.get());
        }
        default -> {
          UploadInfo kept = afterWrite(write, writer.abort(true), progress);
          if (outcome.end() == BodyPump.End.OVERLOADED) {
            LOG.warn("PATCH on {} ended early ({}); kept {} bytes, offset now {}", write.id, describe(outcome),
                kept.offset() - write.offset, kept.offset());
          } else {
            LOG.info("PATCH on {} ended early ({}); kept {} bytes, offset now {}", write.id, describe(outcome),
                kept.offset() - write.offset, kept.offset());
          }
          throw switch (outcome.end()) {
            case TIMED_OUT -> new TusException(408, "the client sent nothing for the network timeout; "
                + "the bytes received were kept, offset now " + kept.offset());
            case SHUTDOWN -> new TusException(503, "the server is shutting down; resume the upload");
            case OVERLOADED -> new TusException(503, "the server has no network buffer free; the bytes received "
                + "were kept, offset now " + kept.offset() + "; resume the upload");
            case TAKEN_OVER -> TusException.badRequest("the request was stopped so another request could take "
                + "the upload over");
            default -> TusException.badRequest("reading the request body failed; offset now " + kept.offset());
          };
        }
      }
    }
  }

  private static String describe(BodyPump.Outcome outcome) {
    return outcome.failure() == null ? outcome.end().toString()
        : outcome.end() + ": " + outcome.failure().getMessage();
  }

  /**
   * A hook stopped the upload (tusd's {@code StopUpload}): the upload is terminated, as tusd does, and the client gets
   * 400 merged with the hook's response.
   */
  private HookRejectedException stopped(Write write, Hooks.Progress progress, HookResponse hookResponse)
      throws IOException {
    UploadInfo kept = context.store.find(write.id).orElse(write.before);
    progress.ended(kept);
    LOG.info("a hook stopped the upload {} at offset {}", write.id, kept.offset());
    if (context.terminater != null) {
      context.terminater.terminate(write.id);
      context.quota.release(TusContext.reservedBytes(kept));
      context.listener.terminated(kept, false);
      context.hooks.postTerminate(context.hookRequest(write.exchange), kept);
    }
    HookResponse response = new HookResponse(400, "upload has been stopped by server\n", null);
    return new HookRejectedException(response.mergeWith(hookResponse));
  }

  /** The connection's read timeout (the server's network timeout), 60 s when none is set. */
  private static long readTimeoutNanos(HttpServerExchange exchange) {
    long millis = DEFAULT_READ_TIMEOUT_MILLIS;
    try {
      Integer timeout = exchange.getConnection().getOption(org.xnio.Options.READ_TIMEOUT);
      if (timeout != null && timeout > 0) {
        millis = timeout;
      }
    } catch (IOException | RuntimeException e) {
      // keep the default
    }
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private UploadInfo applyDeclaredLength(UploadInfo info, Long declaredLength) throws IOException {
    if (declaredLength == null) {
      return info;
    }
    if (!info.sizeIsDeferred()) {
      if (declaredLength != info.size()) {
        throw TusException.badRequest("Upload-Length cannot be changed once set");
      }
      return info;
    }
    if (declaredLength < info.offset()) {
      throw TusException.badRequest("Upload-Length is smaller than the bytes already uploaded");
    }
    if (context.config.maxSize() > 0 && declaredLength > context.config.maxSize()) {
      throw TusException.tooLarge("Upload-Length exceeds the maximum upload size of "
          + context.config.maxSize() + " bytes");
    }
    context.quota.reserve(declaredLength - info.offset());
    context.lengthDeferrer.declareLength(info.id(), declaredLength);
    return info.withSize(declaredLength);
  }

  private long limitOf(UploadInfo info) {
    if (!info.sizeIsDeferred()) {
      return info.size() - info.offset();
    }
    long max = context.config.maxSize() > 0 ? context.config.maxSize() : Long.MAX_VALUE;
    if (context.quota.isLimited()) {
      max = Math.min(max, info.offset() + Math.max(0, context.quota.limit() - context.quota.used()));
    }
    return Math.max(0, max - info.offset());
  }

  /**
   * After a write, with the state the writer reported (no re-read): accounts for deferred-length bytes and notifies
   * listeners and hooks (the last progress before pre-finish and post-finish). The upload counts as finished when
   * this request completed it — by bytes, or by declaring a deferred length equal to the offset.
   */
  private UploadInfo afterWrite(Write write, UploadInfo after, Hooks.Progress progress) {
    progress.ended(after);
    long received = after.offset() - write.offset;
    if (received > 0) {
      if (after.sizeIsDeferred()) {
        context.quota.account(received);
      }
      context.listener.received(after, received);
    }
    if (after.isComplete() && !write.before.isComplete()) {
      context.finished(write.exchange, after);
    }
    return after;
  }
}
