package dev.resumable.tus.http;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockTimeoutException;
import dev.resumable.tus.store.ChecksumMismatchException;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.OffsetMismatchException;
import dev.resumable.tus.store.UploadInfo;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one chunk into an upload under its lock: the part PATCH and creation-with-upload share. Checks are
 * repeated under the lock (another request may have moved the offset while this one waited), the body is bounded to
 * the upload's length, and every failure maps to the status the protocol asks for.
 */
final class ChunkReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkReceiver.class);

  private static final long DEFAULT_READ_TIMEOUT_MILLIS = 60_000;

  private final TusContext context;

  ChunkReceiver(TusContext context) {
    this.context = context;
  }

  /**
   * Appends the request body at {@code offset}.
   *
   * @param declaredLength an {@code Upload-Length} sent with the chunk (deferred length), or null
   * @return the upload's state after the chunk
   */
  UploadInfo receive(HttpServerExchange exchange, String id, long offset, Long declaredLength,
      ChunkChecksum checksum) throws IOException, InterruptedException {
    Takeover takeover = new Takeover(exchange, context.config.stallTimeout());
    Lock lock;
    try {
      lock = context.locker.lock(id, context.lockTimeout(), takeover);
    } catch (LockTimeoutException e) {
      throw new TusException(423, "the upload is locked by another request; retry later");
    }
    try (Lock held = lock) {
      UploadInfo info = context.findLive(id);
      if (info.isFinal()) {
        throw new TusException(403, "a final upload cannot be modified");
      }
      if (info.offset() != offset) {
        throw new TusException(409, "Upload-Offset " + offset + " does not match the upload's offset "
            + info.offset());
      }
      info = applyDeclaredLength(info, declaredLength);
      long contentLength = exchange.getRequestContentLength();
      long limit = limitOf(info);
      if (contentLength > limit) {
        throw TusException.tooLarge("the chunk of " + contentLength + " bytes exceeds the upload's remaining "
            + limit + " bytes");
      }
      RequestBody body = new RequestBody(exchange.getRequestChannel(), readTimeoutMillis(exchange), limit, checksum);
      AtomicReference<HookResponse> stopResponse = new AtomicReference<>();
      Hooks.Progress progress = context.hooks.receiving(context.hookRequest(exchange), info, response -> {
        stopResponse.set(response);
        body.stopByServer();
      });
      body.onProgress(count -> progress.read(offset + count));
      Write write = new Write(exchange, info, id, offset, progress);
      takeover.watch(body);
      context.activeBodies.add(body);
      ChunkVerifier verifier = checksum == null ? ChunkVerifier.NONE : checksum;
      try {
        try {
          context.store.write(id, offset, body, verifier);
        } finally {
          context.activeBodies.remove(body);
          context.listener.bodyRead(id, body.count());
        }
      } catch (ChecksumMismatchException e) {
        throw new TusException(460, "checksum mismatch: the chunk was discarded");
      } catch (ChunkChecksum.InvalidChecksumException e) {
        throw TusException.badRequest(e.getMessage() + ": the chunk was discarded");
      } catch (OffsetMismatchException e) {
        throw new TusException(409, "Upload-Offset " + offset + " does not match the upload's offset "
            + e.actual());
      } catch (RequestBody.TooLargeException e) {
        afterWrite(write);
        throw TusException.tooLarge("the request body exceeds the upload's length; the bytes within it were kept");
      } catch (RequestBody.ClientGoneException e) {
        if (e.isStoppedByServer()) {
          throw stopped(write, stopResponse.get());
        }
        UploadInfo kept = afterWrite(write);
        LOG.info("PATCH on {} ended early ({}); kept {} bytes, offset now {}", id, e.getMessage(),
            kept.offset() - offset, kept.offset());
        boolean timeout = e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout")
            || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timed out");
        throw new TusException(timeout ? 500 : e.isShutdown() ? 503 : 400, e.getMessage());
      }
      if (contentLength >= 0 && body.count() < contentLength) {
        UploadInfo kept = afterWrite(write);
        throw TusException.badRequest("the request body ended after " + body.count() + " of " + contentLength
            + " bytes; offset now " + kept.offset());
      }
      return afterWrite(write);
    }
  }

  /** One write's parameters, for what follows it. */
  private record Write(HttpServerExchange exchange, UploadInfo before, String id, long offset,
      Hooks.Progress progress) {
  }

  /**
   * A hook stopped the upload (tusd's {@code StopUpload}): the upload is terminated, as tusd does, and the client gets
   * 400 merged with the hook's response.
   */
  private HookRejectedException stopped(Write write, HookResponse hookResponse) throws IOException {
    UploadInfo kept = context.store.find(write.id()).orElse(write.before());
    write.progress().ended(kept);
    LOG.info("a hook stopped the upload {} at offset {}", write.id(), kept.offset());
    if (context.terminater != null) {
      context.terminater.terminate(write.id());
      context.quota.release(TusContext.reservedBytes(kept));
      context.listener.terminated(kept, false);
      context.hooks.postTerminate(context.hookRequest(write.exchange()), kept);
    }
    HookResponse response = new HookResponse(400, "upload has been stopped by server\n", null);
    return new HookRejectedException(response.mergeWith(hookResponse));
  }

  /** The connection's read timeout (the server's network timeout), 60 s when none is set. */
  private static long readTimeoutMillis(HttpServerExchange exchange) {
    try {
      Integer timeout = exchange.getConnection().getOption(org.xnio.Options.READ_TIMEOUT);
      return timeout != null && timeout > 0 ? timeout : DEFAULT_READ_TIMEOUT_MILLIS;
    } catch (IOException | RuntimeException e) {
      return DEFAULT_READ_TIMEOUT_MILLIS;
    }
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
   * Re-reads the durable state after a write, accounts for deferred-length bytes and notifies listeners and hooks
   * (the last progress before pre-finish and post-finish).
   */
  private UploadInfo afterWrite(Write write) throws IOException {
    UploadInfo after = context.store.find(write.id()).orElseThrow(TusException::notFound);
    write.progress().ended(after);
    long received = after.offset() - write.offset();
    if (received > 0) {
      if (after.sizeIsDeferred()) {
        context.quota.account(received);
      }
      context.listener.received(after, received);
      if (after.isComplete() && !write.before().isComplete()) {
        context.finished(write.exchange(), after);
      }
    }
    return after;
  }
}
