package dev.resumable.tus.hooks;

import dev.resumable.tus.http.HookRequest;
import dev.resumable.tus.http.HookResponse;
import dev.resumable.tus.http.Hooks;
import dev.resumable.tus.store.UploadInfo;
import java.util.function.Consumer;

/**
 * post-receive for one request body: at most one event per interval while bytes arrive (the offset as if every byte
 * read so far were stored, as tusd reports it), and one with the durable offset when the body ended. Called on the
 * request thread; only queues events.
 */
final class ProgressReporter implements Hooks.Progress {
  private final HookDispatcher dispatcher;
  private final HookRequest request;
  private final UploadInfo upload;
  private final Consumer<HookResponse> stopUpload;
  private final long intervalNanos;
  private long lastNanos = System.nanoTime();
  private long lastOffset;
  private boolean ended;

  ProgressReporter(HookDispatcher dispatcher, HookRequest request, UploadInfo upload,
      Consumer<HookResponse> stopUpload, long intervalNanos) {
    this.dispatcher = dispatcher;
    this.request = request;
    this.upload = upload;
    this.stopUpload = stopUpload;
    this.intervalNanos = intervalNanos;
    this.lastOffset = upload.offset();
  }

  @Override
  public void read(long offset) {
    long now = System.nanoTime();
    if (ended || now - lastNanos < intervalNanos || offset == lastOffset) {
      return;
    }
    lastNanos = now;
    lastOffset = offset;
    dispatcher.progress(request, upload.withOffset(offset), stopUpload);
  }

  @Override
  public void ended(UploadInfo after) {
    if (ended) {
      return;
    }
    ended = true;
    if (after.offset() != lastOffset) {
      lastOffset = after.offset();
      dispatcher.progress(request, after, stopUpload);
    }
  }
}
