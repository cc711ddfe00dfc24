package dev.resumable.tus.http;

import dev.resumable.tus.lock.LockLostException;
import dev.resumable.tus.lock.LockTimeoutException;
import dev.resumable.tus.lock.LockerUnavailableException;
import dev.resumable.tus.store.StoreBusyException;
import dev.resumable.tus.store.UploadNotFoundException;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the parts of a request between its asynchronous waits (for a lock, for body bytes) on a worker thread, each
 * with the same error mapping: a {@link TusException} is its status, a hook's rejection its response, lock and store
 * conditions their retryable status (423, 503), an upload the store no longer has 404, and anything unexpected a logged, generic 500.
 */
final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger(Steps.class);

  /** Threads running a step now, so a shutdown can interrupt steps blocked in hooks. */
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();

  /** One part of a request. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /** Runs {@code step} now, on the calling thread; a failure becomes the response. */
  void run(HttpServerExchange exchange, Step step) {
    Thread thread = Thread.currentThread();
    boolean outer = running.add(thread);
    try {
      step.run();
    } catch (Throwable t) {
      fail(exchange, t);
    } finally {
      if (outer) {
        running.remove(thread);
        Thread.interrupted();
      }
    }
  }

  /** Interrupts every step still running (shutdown after its timeout): blocking hooks and lock waits end with 503. */
  void interruptAll() {
    for (Thread thread : running) {
      thread.interrupt();
    }
  }

  /**
   * Continues the exchange with {@code step} on a worker thread (from a callback outside the request's call
   * stack); the exchange ends when the step returns without dispatching again.
   */
  void resume(HttpServerExchange exchange, Step step) {
    Executor worker = exchange.getConnection().getWorker();
    try {
      exchange.dispatch(worker, ex -> run(ex, step));
    } catch (RejectedExecutionException e) {
      // the worker pool is shutting down: finish here, so the lock is released and received bytes are kept
      run(exchange, step);
    }
  }

  /** Answers the exchange for a failure. */
  static void fail(HttpServerExchange exchange, Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    try {
      if (t instanceof TusException e) {
        Responses.error(exchange, e.status(), e.getMessage());
      } else if (t instanceof HookRejectedException e) {
        Responses.hook(exchange, e.response());
      } else if (t instanceof HookFailedException) {
        Responses.error(exchange, 500, "internal server error");
      } else if (t instanceof HookInterruptedException) {
        Responses.error(exchange, 503, "the server is shutting down");
      } else if (t instanceof LockTimeoutException) {
        Responses.error(exchange, 423, "the upload is locked by another request; retry later");
      } else if (t instanceof LockLostException) {
        Responses.error(exchange, 423, "the upload's lock was lost to another request; nothing more was written; "
            + "retry later");
      } else if (t instanceof LockerUnavailableException) {
        LOG.warn("{} {}: the locker is unavailable: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
            t.getMessage());
        Responses.error(exchange, 503, "the upload locker is unavailable; retry later");
      } else if (t instanceof UploadNotFoundException) {
        // removed between the request's look-up and its store call (terminated, expired)
        Responses.error(exchange, 404, "upload not found");
      } else if (t instanceof StoreBusyException) {
        Responses.error(exchange, 503, t.getMessage());
      } else if (t instanceof InterruptedException || t instanceof CancellationException) {
        if (t instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        Responses.error(exchange, 503, "the server is shutting down");
      } else {
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), t);
        Responses.error(exchange, 500, "internal server error");
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
      exchange.setPersistent(false);
    }
  }
}
