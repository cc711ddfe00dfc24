package dev.resumable.tus.http;

import dev.resumable.tus.store.UploadInfo;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;

/**
 * HEAD: the upload's durable state. Takes no lock, so it answers at once even while a PATCH is running on the upload.
 */
final class HeadRequest {
  private final TusContext context;

  HeadRequest(TusContext context) {
    this.context = context;
  }

  void handle(HttpServerExchange exchange, String id) throws IOException {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    UploadInfo info = context.settleFinal(exchange, context.access(exchange, context.findLive(id)));
    var headers = exchange.getResponseHeaders();
    if (!info.isFinal() || info.isComplete()) {
      headers.put(TusHeaders.UPLOAD_OFFSET, info.offset());
    }
    if (info.sizeIsDeferred()) {
      if (!info.isFinal()) {
        headers.put(TusHeaders.UPLOAD_DEFER_LENGTH, "1");
      }
    } else {
      headers.put(TusHeaders.UPLOAD_LENGTH, info.size());
    }
    if (!info.metadata().isEmpty()) {
      headers.put(TusHeaders.UPLOAD_METADATA, UploadMetadata.encode(info));
    }
    if (info.isPartial()) {
      headers.put(TusHeaders.UPLOAD_CONCAT, "partial");
    } else if (info.isFinal()) {
      headers.put(TusHeaders.UPLOAD_CONCAT, finalConcatHeader(info));
    }
    context.expiresAt(info).ifPresent(at -> headers.put(TusHeaders.UPLOAD_EXPIRES, Responses.httpDate(at)));
    headers.put(Headers.CONTENT_LENGTH, 0);
    exchange.setStatusCode(200);
  }

  private String finalConcatHeader(UploadInfo info) {
    if (info.uploadConcat() != null) {
      return info.uploadConcat();
    }
    StringBuilder header = new StringBuilder("final;");
    for (String partial : info.partialUploads()) {
      header.append(header.length() > "final;".length() ? " " : "").append(context.urls.basePath()).append(partial);
    }
    return header.toString();
  }
}
