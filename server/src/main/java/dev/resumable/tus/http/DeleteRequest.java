package dev.resumable.tus.http;

import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.store.UploadInfo;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;

/** DELETE (termination): frees everything the upload holds; later requests get 404. */
final class DeleteRequest {
  private final TusContext context;

  DeleteRequest(TusContext context) {
    this.context = context;
  }

  void handle(HttpServerExchange exchange, String id) throws IOException {
    context.access(exchange, context.store.find(id).orElseThrow(TusException::notFound));
    Takeover takeover = new Takeover(exchange, context.config.stallTimeout());
    context.locked(exchange, id, takeover, lock -> {
      try (Lock held = lock) {
        UploadInfo info = context.store.find(id).orElseThrow(TusException::notFound);
        HookRequest request = context.hookRequest(exchange);
        Responses.mergeHookResponse(exchange, context.hooks.preTerminate(request, info));
        context.terminater.terminate(id);
        context.quota.release(TusContext.reservedBytes(info));
        context.listener.terminated(info, false);
        context.hooks.postTerminate(request, info);
      }
      Responses.empty(exchange, 204);
    });
  }
}
