package dev.resumable.tus.http;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;

/**
 * PATCH: appends a chunk at {@code Upload-Offset}; 204 with the new offset. The upload's state is read once per
 * request: under its lock when the lock is free, else also before waiting for it (a wrong offset or a rejecting
 * pre-access hook is answered at once).
 */
final class PatchRequest {
  private final TusContext context;
  private final ChunkReceiver receiver;

  PatchRequest(TusContext context, ChunkReceiver receiver) {
    this.context = context;
    this.receiver = receiver;
  }

  void handle(HttpServerExchange exchange, String id) throws IOException {
    if (!TusHeaders.hasContentType(exchange, TusHeaders.OFFSET_OCTET_STREAM)) {
      throw new TusException(415, "Content-Type must be " + TusHeaders.OFFSET_OCTET_STREAM);
    }
    Long offset = TusHeaders.nonNegative(exchange, TusHeaders.UPLOAD_OFFSET);
    if (offset == null) {
      throw TusException.badRequest("Upload-Offset is required");
    }
    Long declaredLength = TusHeaders.nonNegative(exchange, TusHeaders.UPLOAD_LENGTH);
    ChunkChecksum checksum = ChunkChecksum.of(exchange);
    ChunkReceiver.Check check = current -> {
      context.access(exchange, current);
      if (current.isFinal()) {
        throw new TusException(403, "a final upload cannot be modified");
      }
      if (declaredLength != null && current.sizeIsDeferred() && context.lengthDeferrer == null) {
        throw TusException.badRequest("this store cannot defer the upload length");
      }
      if (current.offset() != offset) {
        throw new TusException(409, "Upload-Offset " + offset + " does not match the upload's offset "
            + current.offset());
      }
    };
    receiver.receive(exchange, id, offset, declaredLength, checksum, check, after -> {
      var headers = exchange.getResponseHeaders();
      headers.put(TusHeaders.UPLOAD_OFFSET, after.offset());
      context.expiresAt(after).ifPresent(at -> headers.put(TusHeaders.UPLOAD_EXPIRES, Responses.httpDate(at)));
      Responses.empty(exchange, 204);
    });
  }
}
