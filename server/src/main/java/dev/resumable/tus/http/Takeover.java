package dev.resumable.tus.http;

import dev.resumable.tus.lock.ReleaseRequest;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a lock holder answers a waiting request: a holder that is receiving bytes keeps the lock (the waiter queues
 * and then sees the new offset); a holder whose client has sent nothing for the stall timeout is stopped, so a client
 * resuming after a network failure does not wait for the dead request's network timeout. Stopping shuts the input
 * side of the connection: the blocked read wakes, the bytes received so far are stored, and the lock is released.
 */
final class Takeover implements ReleaseRequest {
  private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

  private final HttpServerExchange exchange;
  private final long stallNanos;
  private final long createdNanos = System.nanoTime();
  private volatile RequestBody body;

  Takeover(HttpServerExchange exchange, Duration stallTimeout) {
    this.exchange = exchange;
    this.stallNanos = stallTimeout.toNanos();
  }

  /** Starts watching the body the holder reads. */
  void watch(RequestBody requestBody) {
    this.body = requestBody;
  }

  @Override
  public void requested() {
    RequestBody current = body;
    long idle = current != null ? current.idleNanos() : System.nanoTime() - createdNanos;
    if (idle < stallNanos || current == null || current.isStopped()) {
      return;
    }
    LOG.info("stopping a stalled request on {} so another request can take the upload over",
        exchange.getRequestURI());
    current.stop();
    try {
      if (exchange.getConnection() instanceof AbstractServerConnection) {
        ((AbstractServerConnection) exchange.getConnection()).getChannel().getSourceChannel().shutdownReads();
      } else {
        exchange.getConnection().close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the stalled request's input failed", e);
    }
  }
}
