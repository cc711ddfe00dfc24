package dev.resumable.tus.hooks;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a hook receiver's answer up to a size limit: one byte more than the limit is kept (so the caller can
 * tell it was exceeded) and the rest is not read. Never blocks a thread; the caller bounds the time.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final long limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(long limit) {
    this.limit = limit;
  }

  /** A body handler reading at most {@code limit + 1} bytes. */
  static HttpResponse.BodyHandler<byte[]> handler(long limit) {
    return info -> new BoundedBody(limit);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription value) {
    subscription = value;
    value.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer item : items) {
      int take = (int) Math.min(item.remaining(), limit + 1 - bytes.size());
      byte[] chunk = new byte[take];
      item.get(chunk);
      bytes.write(chunk, 0, take);
      if (bytes.size() > limit) {
        subscription.cancel();
        result.complete(bytes.toByteArray());
        return;
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }
}
