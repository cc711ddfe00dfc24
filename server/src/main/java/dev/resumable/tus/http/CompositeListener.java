package dev.resumable.tus.http;

import dev.resumable.tus.store.UploadInfo;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to several listeners; a failing listener is logged and never fails the request. */
final class CompositeListener implements UploadListener {
  private static final Logger LOG = LoggerFactory.getLogger(CompositeListener.class);
  private final List<UploadListener> listeners;

  private CompositeListener(List<UploadListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  static UploadListener of(List<UploadListener> listeners) {
    return new CompositeListener(listeners);
  }

  @Override
  public void created(UploadInfo upload) {
    each(l -> l.created(upload));
  }

  @Override
  public void bodyRead(String uploadId, long bytes) {
    each(l -> l.bodyRead(uploadId, bytes));
  }

  @Override
  public void received(UploadInfo upload, long bytes) {
    each(l -> l.received(upload, bytes));
  }

  @Override
  public void finished(UploadInfo upload) {
    each(l -> l.finished(upload));
  }

  @Override
  public void terminated(UploadInfo upload, boolean expired) {
    each(l -> l.terminated(upload, expired));
  }

  private void each(java.util.function.Consumer<UploadListener> call) {
    for (UploadListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("upload listener {} failed", listener, e);
      }
    }
  }
}
