package dev.resumable.tus.http;

import dev.resumable.tus.lock.ReleaseRequest;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a lock holder answers a waiting request: a holder that is receiving bytes keeps the lock (the waiter queues
 * and then sees the new offset); a holder whose client has sent nothing for the stall timeout is stopped, so a client
 * resuming after a network failure does not wait for the dead request's network timeout. Stopping ends the holder's
 * body while it waits for its client (never during a store write): the bytes received so far are stored, the lock
 * is released and the connection is closed.
 */
final class Takeover implements ReleaseRequest {
  private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

  private final HttpServerExchange exchange;
  private final long stallNanos;
  private volatile BodyPump body;

  Takeover(HttpServerExchange exchange, Duration stallTimeout) {
    this.exchange = exchange;
    this.stallNanos = stallTimeout.toNanos();
  }

  /** Starts watching the body the holder reads. */
  void watch(BodyPump requestBody) {
    this.body = requestBody;
  }

  @Override
  public void requested() {
    BodyPump current = body;
    if (current == null || current.isStopped() || current.idleNanos() < stallNanos) {
      return;
    }
    LOG.info("stopping a stalled request on {} so another request can take the upload over",
        exchange.getRequestURI());
    current.stop(BodyPump.End.TAKEN_OVER);
  }
}
