package dev.resumable.tus.hooks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs asynchronous hook jobs on a small pool of its own threads, one upload's jobs strictly in the order they were
 * submitted (so post-create precedes every post-receive, and no post-receive follows post-finish), different
 * uploads' jobs in parallel. A job that asks to be retried keeps its place at the head of its upload's queue while it
 * waits, without holding a thread.
 *
 * <p>Bounded: beyond {@code maxPending} queued jobs, new non-durable jobs are refused (the caller logs and counts
 * them); durable jobs are always taken, they are on disk anyway. A queued post-receive is replaced by a newer one of
 * the same upload rather than queued behind it.
 */
final class UploadQueues {
  private static final Logger LOG = LoggerFactory.getLogger(UploadQueues.class);

  /** One unit of asynchronous work. */
  interface Job {
    /**
     * Runs the job.
     *
     * @return 0 when done, or the milliseconds to wait before running it again
     */
    long run() throws InterruptedException;

    /** True for a job a newer one of the same kind may replace while it waits (post-receive). */
    default boolean replaceable() {
      return false;
    }

    /** True for a job recorded on disk, never refused. */
    default boolean durable() {
      return false;
    }
  }

  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final int maxPending;
  private final Map<String, Queue> queues = new HashMap<>();
  private int pending;
  private boolean closed;

  UploadQueues(int threads, int maxPending) {
    this.maxPending = maxPending;
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon("tus-hooks"));
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("tus-hooks-retry"));
  }

  /** Queues a job behind the upload's earlier ones; false when refused (overloaded or closed). */
  synchronized boolean submit(String uploadId, Job job) {
    if (closed) {
      return false;
    }
    Queue queue = queues.get(uploadId);
    if (queue != null && job.replaceable() && queue.jobs.size() > 1 && queue.jobs.peekLast().replaceable()) {
      queue.jobs.pollLast();
      queue.jobs.addLast(job);
      return true;
    }
    if (pending >= maxPending && !job.durable()) {
      return false;
    }
    if (queue == null) {
      queue = new Queue(uploadId);
      queues.put(uploadId, queue);
    }
    queue.jobs.addLast(job);
    pending++;
    if (queue.jobs.size() == 1) {
      execute(queue);
    }
    return true;
  }

  /** Jobs queued or running. */
  synchronized int pending() {
    return pending;
  }

  /** Stops taking jobs; waits up to {@code grace} for the queued ones, then interrupts the rest. */
  void close(long graceMillis) {
    synchronized (this) {
      closed = true;
    }
    timer.shutdownNow();
    pool.shutdown();
    try {
      if (!pool.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
        LOG.info("{} hook events still pending at shutdown; post-finish events are redelivered after a restart",
            pending());
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void execute(Queue queue) {
    try {
      pool.execute(queue);
    } catch (RejectedExecutionException e) {
      LOG.debug("hook queue of {} dropped at shutdown", queue.uploadId);
    }
  }

  /** The jobs of one upload; the head is running or waiting to be retried. */
  private final class Queue implements Runnable {
    final String uploadId;
    final Deque<Job> jobs = new ArrayDeque<>();

    Queue(String uploadId) {
      this.uploadId = uploadId;
    }

    @Override
    public void run() {
      Job job;
      synchronized (UploadQueues.this) {
        job = jobs.peekFirst();
      }
      long retryIn;
      try {
        retryIn = job.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("hook job for {} failed", uploadId, e);
        retryIn = 0;
      }
      synchronized (UploadQueues.this) {
        if (retryIn > 0 && !closed) {
          try {
            timer.schedule(() -> execute(this), retryIn, TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException e) {
            LOG.debug("retry of a hook for {} dropped at shutdown", uploadId);
          }
          return;
        }
        jobs.pollFirst();
        pending--;
        if (jobs.isEmpty()) {
          queues.remove(uploadId);
        } else {
          execute(this);
        }
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
