package dev.resumable.tus.http;

import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.UploadInfo;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST on the collection: creation, creation-defer-length, concatenation ({@code Upload-Concat: partial} and
 * {@code final;…}) and creation-with-upload. Everything is validated before anything is stored; space is reserved
 * against the store-size limit before the upload exists.
 */
final class CreateRequest {
  private static final Logger LOG = LoggerFactory.getLogger(CreateRequest.class);
  private final TusContext context;
  private final ChunkReceiver receiver;

  CreateRequest(TusContext context, ChunkReceiver receiver) {
    this.context = context;
    this.receiver = receiver;
  }

  void handle(HttpServerExchange exchange) throws IOException {
    String concat = TusHeaders.single(exchange, TusHeaders.UPLOAD_CONCAT);
    if (concat != null && context.concatenater == null) {
      throw TusException.badRequest("concatenation is not supported by this server");
    }
    boolean isFinal = concat != null && concat.startsWith("final;");
    boolean isPartial = "partial".equals(concat);
    if (concat != null && !isFinal && !isPartial) {
      throw TusException.badRequest("Upload-Concat must be 'partial' or 'final;<urls>'");
    }
    Long length = TusHeaders.nonNegative(exchange, TusHeaders.UPLOAD_LENGTH);
    String defer = TusHeaders.single(exchange, TusHeaders.UPLOAD_DEFER_LENGTH);
    UploadMetadata.Parsed metadata = UploadMetadata.parse(TusHeaders.single(exchange, TusHeaders.UPLOAD_METADATA));
    boolean withBody = TusHeaders.hasContentType(exchange, TusHeaders.OFFSET_OCTET_STREAM);
    ChunkChecksum checksum = withBody ? ChunkChecksum.of(exchange) : null;

    String id = UploadIds.next();
    UploadInfo info;
    if (isFinal) {
      if (length != null || defer != null) {
        throw TusException.badRequest("a final upload must not carry Upload-Length or Upload-Defer-Length");
      }
      if (withBody) {
        throw new TusException(403, "a final upload cannot carry data");
      }
      info = finalUpload(exchange, id, concat);
    } else {
      info = sizedUpload(id, length, defer);
      if (isPartial) {
        info = info.asPartial();
      }
    }
    info = metadata.applyTo(info);
    HookRequest request = context.hookRequest(exchange);
    Hooks.Creation change = context.hooks.preCreate(request, info);
    if (change.metadata() != null) {
      info = info.withMetadata(change.metadata());
    }
    if (change.id() != null && !change.id().isEmpty() && !change.id().equals(id)) {
      id = hookChosenId(change.id());
      info = info.withId(id);
    }
    Responses.mergeHookResponse(exchange, change.response());

    long reserved = info.sizeIsDeferred() ? 0 : info.size();
    context.quota.reserve(reserved);
    UploadInfo created;
    try {
      created = context.store.create(info);
    } catch (UploadIdTakenException e) {
      context.quota.release(reserved);
      LOG.warn("the pre-create hook chose an upload ID the store refuses; refusing the creation: {}",
          e.getMessage());
      throw idInUse();
    } catch (IOException | RuntimeException e) {
      context.quota.release(reserved);
      throw e;
    }
    context.listener.created(created);
    context.hooks.postCreate(request, created);
    String location = context.urls.location(exchange, created.id());
    exchange.getResponseHeaders().put(Headers.LOCATION, location);

    if (created.isFinal()) {
      created = context.settleFinal(exchange, created);
    } else if (created.isComplete()) {
      context.finished(exchange, created);
    }
    if (withBody) {
      receiver.receive(exchange, created.id(), 0, null, checksum, after -> {
        exchange.getResponseHeaders().put(TusHeaders.UPLOAD_OFFSET, after.offset());
        respondCreated(exchange, after);
      });
      return;
    }
    respondCreated(exchange, created);
  }

  private void respondCreated(HttpServerExchange exchange, UploadInfo current) throws IOException {
    context.expiresAt(current)
        .ifPresent(at -> exchange.getResponseHeaders().put(TusHeaders.UPLOAD_EXPIRES, Responses.httpDate(at)));
    Responses.empty(exchange, 201);
  }

  /**
   * An ID from a pre-create hook's ChangeFileInfo: acceptable in a URL and no traversal (else the hook misbehaved:
   * 500, as in tusd), not taken (409).
   */
  private String hookChosenId(String candidate) throws IOException {
    if (!UploadIds.isAcceptable(candidate)) {
      LOG.error("the pre-create hook chose an invalid upload ID {}; refusing the creation",
          candidate.length() > 80 ? candidate.substring(0, 80) + "…" : candidate);
      throw new TusException(500, "internal server error");
    }
    if (context.store.find(candidate).isPresent()) {
      LOG.warn("the pre-create hook chose the upload ID {}, which is taken; refusing the creation", candidate);
      throw idInUse();
    }
    return candidate;
  }

  /**
   * A hook-chosen ID another upload holds: 409, since the request conflicts with the state of the upload of that ID
   * (a hook deriving IDs from content or metadata meets this on a repeated upload). tusd does not check and
   * overwrites the existing upload; never answered with a 500, nor with the ID (it gives access to that upload).
   */
  private static TusException idInUse() {
    return new TusException(409, "the upload ID chosen for this upload is already in use");
  }

  private UploadInfo sizedUpload(String id, Long length, String defer) {
    if (length != null && defer != null) {
      throw TusException.badRequest("send either Upload-Length or Upload-Defer-Length, not both");
    }
    if (length == null && defer == null) {
      throw TusException.badRequest("Upload-Length or Upload-Defer-Length: 1 is required");
    }
    if (defer != null) {
      if (!"1".equals(defer)) {
        throw TusException.badRequest("Upload-Defer-Length must be 1");
      }
      if (context.lengthDeferrer == null) {
        throw TusException.badRequest("this store cannot defer the upload length");
      }
      return UploadInfo.deferred(id);
    }
    checkMaxSize(length);
    return UploadInfo.ofLength(id, length);
  }

  /**
   * The final upload joining the partials the header names. Building it reads each partial (and lets the client
   * download the result), so each is authorised as a read through the pre-access hook, like a HEAD or GET of it.
   */
  private UploadInfo finalUpload(HttpServerExchange exchange, String id, String header) throws IOException {
    String urls = header.substring("final;".length()).trim();
    if (urls.isEmpty()) {
      throw TusException.badRequest("Upload-Concat final needs at least one partial upload URL");
    }
    List<String> partialIds = new ArrayList<>();
    long total = 0;
    boolean sizeKnown = true;
    for (String url : urls.split(" +")) {
      String partialId = context.urls.idOf(url);
      Optional<UploadInfo> partial = partialId == null ? Optional.empty() : context.store.find(partialId);
      if (partial.isEmpty() || context.isExpired(partial.get())) {
        throw TusException.badRequest("partial upload not found: " + url);
      }
      context.access(exchange, partial.get());
      if (!partial.get().isPartial()) {
        throw TusException.badRequest("not a partial upload: " + url);
      }
      partialIds.add(partialId);
      if (partial.get().sizeIsDeferred()) {
        sizeKnown = false;
      } else {
        total = Math.addExact(total, partial.get().size());
      }
    }
    UploadInfo info = sizeKnown ? UploadInfo.ofLength(id, total) : UploadInfo.deferred(id);
    if (sizeKnown) {
      checkMaxSize(total);
    }
    return info.asFinal(partialIds, header);
  }

  private void checkMaxSize(long length) {
    long max = context.config.maxSize();
    if (max > 0 && length > max) {
      throw TusException.tooLarge("Upload-Length " + length + " exceeds the maximum upload size of " + max
          + " bytes");
    }
  }
}
