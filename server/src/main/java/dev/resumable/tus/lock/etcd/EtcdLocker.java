package dev.resumable.tus.lock.etcd;

import dev.resumable.tus.lock.Acquisition;
import dev.resumable.tus.lock.LockEvents;
import dev.resumable.tus.lock.LockerUnavailableException;
import dev.resumable.tus.lock.RemoteLocker;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks uploads in etcd, for server processes on any number of hosts (jetcd, asynchronous throughout).
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li>Each process holds one etcd lease (a session) with the configured time-to-live, kept alive every third of
 *       it. Every lock of the process is attached to that lease, so a dead process's locks vanish with it within the
 *       time-to-live.</li>
 *   <li>The lock of upload {@code id} is the key {@code tus/lock/<id>}, created in a transaction only if it does not
 *       exist (create revision 0) and put with the session's lease; the transaction's revision identifies the lock.
 *       Release deletes the key only if its create revision is still ours (compare-and-delete).</li>
 *   <li>The session counts as valid only until its time-to-live has passed since the last successful keep-alive was
 *       <em>sent</em>, on this process's monotonic clock (so a process frozen past it sees its locks invalid the
 *       moment it runs again); a keep-alive that fails or finds the lease gone ends the session and makes every lock
 *       attached to it lost at once (holders' release callbacks are called). The next acquisition starts a new
 *       session.</li>
 *   <li>A waiter asks the holder to let go by putting {@code tus/release/<id>} (attached to its own lease); every
 *       process watches the {@code tus/release/} prefix once, and a process holding that upload calls its holder's
 *       release callback, which decides. A new holder deletes the request in the transaction that takes the
 *       lock.</li>
 * </ul>
 */
public final class EtcdLocker extends RemoteLocker {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdLocker.class);
  static final String LOCK_PREFIX = "tus/lock/";
  static final String RELEASE_PREFIX = "tus/release/";

  /** How long the first connection may take. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final Client client;
  private final KV kv;
  private final Watch.Watcher watcher;
  private final long ttlSeconds;
  private final String owner = UUID.randomUUID().toString();
  private final Object sessionGuard = new Object();
  private CompletableFuture<Session> session;

  /**
   * A locker on the etcd cluster {@code builder} connects to.
   *
   * @param ttl the lease time-to-live (whole seconds, at least 2): how long a dead process keeps uploads locked
   * @param requestTimeout how long one etcd request may take before etcd counts as unavailable
   */
  public EtcdLocker(ClientBuilder builder, Duration ttl, Duration requestTimeout, LockEvents events)
      throws LockerUnavailableException {
    super(requestTimeout, events);
    this.ttlSeconds = Math.max(2, (ttl.toMillis() + 999) / 1000);
    this.client = builder.connectTimeout(requestTimeout).retryMaxDuration(requestTimeout).build();
    this.kv = client.getKVClient();
    ByteSequence prefix = bytes(RELEASE_PREFIX);
    this.watcher = client.getWatchClient().watch(prefix,
        WatchOption.builder().isPrefix(true).withNoDelete(true).build(),
        Watch.listener(response -> {
          for (WatchEvent event : response.getEvents()) {
            String key = event.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
            releaseRequested(key.substring(RELEASE_PREFIX.length()));
          }
        }, error -> LOG.debug("release-request watch: {}", error.toString())));
    // connect and open the session now, so the first request does not pay for the first connection (seconds on a
    // cold JVM) and an unreachable etcd shows at start-up
    try {
      session(CONNECT_TIMEOUT).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new LockerUnavailableException("interrupted while connecting to etcd", e);
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new LockerUnavailableException("cannot reach etcd: " + unavailable(e).getMessage(), e);
    }
  }

  @Override
  public String type() {
    return "etcd";
  }

  @Override
  protected CompletableFuture<Claim> claim(String id) {
    ByteSequence key = bytes(LOCK_PREFIX + id);
    return session().thenCompose(s -> kv.txn()
        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(key, bytes(owner), PutOption.builder().withLeaseId(s.leaseId).build()),
            Op.delete(bytes(RELEASE_PREFIX + id), DeleteOption.DEFAULT))
        .commit()
        .thenApply(response -> response.isSucceeded()
            ? new EtcdClaim(s, key, response.getHeader().getRevision()) : null));
  }

  @Override
  protected CompletableFuture<?> askRelease(String id) {
    return session().thenCompose(s -> kv.put(bytes(RELEASE_PREFIX + id), bytes(owner),
        PutOption.builder().withLeaseId(s.leaseId).build()));
  }

  @Override
  protected CompletableFuture<?> ping() {
    return kv.get(bytes(LOCK_PREFIX));
  }

  @Override
  protected void closeBackend() {
    Session current;
    synchronized (sessionGuard) {
      current = session != null ? session.getNow(null) : null;
      session = null;
    }
    if (current != null) {
      current.end();
      try {
        bounded(client.getLeaseClient().revoke(current.leaseId)).get();
      } catch (Exception e) {
        LOG.debug("lease revocation on close failed: {}", e.toString());
      }
    }
    watcher.close();
    client.close();
  }

  /** The live session, granting a new lease when there is none (or the last one ended). */
  private CompletableFuture<Session> session() {
    return session(requestTimeout());
  }

  private CompletableFuture<Session> session(Duration timeout) {
    synchronized (sessionGuard) {
      if (session != null && !session.isCompletedExceptionally()) {
        Session current = session.getNow(null);
        if (current == null || !current.ended) {
          return session;
        }
      }
      // the grant may take long (the first connection); the validity starts with the first keep-alive's send time
      CompletableFuture<Session> granting = client.getLeaseClient().grant(ttlSeconds)
          .thenCompose(granted -> {
            long sent = System.nanoTime();
            return bounded(client.getLeaseClient().keepAliveOnce(granted.getID()))
                .thenApply(alive -> new Session(granted.getID(), sent, alive.getTTL()));
          }).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
      session = granting;
      return granting;
    }
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  /** One lease shared by the process's locks, kept alive on the shared timer until it ends. */
  private final class Session {
    final long leaseId;
    volatile long validUntil;
    volatile boolean ended;
    final ScheduledFuture<?> keepAlive;

    Session(long leaseId, long sentNanos, long grantedSeconds) {
      this.leaseId = leaseId;
      this.validUntil = sentNanos + TimeUnit.SECONDS.toNanos(grantedSeconds);
      long period = TimeUnit.SECONDS.toNanos(ttlSeconds) / 3;
      this.keepAlive = Acquisition.timer().scheduleAtFixedRate(this::renew, period, period, TimeUnit.NANOSECONDS);
    }

    boolean isValid() {
      return !ended && System.nanoTime() - validUntil < 0;
    }

    private void renew() {
      if (ended) {
        return;
      }
      // even past the local deadline (this process was frozen, or its timer starved), etcd has the last word: a
      // lease it still keeps alive never lost its keys, so nobody else can have taken them
      long sent = System.nanoTime();
      bounded(client.getLeaseClient().keepAliveOnce(leaseId)).whenComplete((response, error) -> {
        if (ended) {
          return;
        }
        if (error != null) {
          lose("keep-alive failed: " + unavailable(error).getMessage());
        } else if (response.getTTL() <= 0) {
          lose("its lease expired");
        } else {
          validUntil = sent + TimeUnit.SECONDS.toNanos(response.getTTL());
        }
      });
    }

    private void lose(String why) {
      end();
      lostAll(claim -> claim instanceof EtcdClaim etcd && etcd.session == this, why);
      client.getLeaseClient().revoke(leaseId).whenComplete((ignored, error) -> { });
    }

    void end() {
      ended = true;
      keepAlive.cancel(false);
    }
  }

  /** A lock key attached to a session. */
  private final class EtcdClaim implements Claim {
    final Session session;
    final ByteSequence key;
    final long revision;
    volatile boolean released;

    EtcdClaim(Session session, ByteSequence key, long revision) {
      this.session = session;
      this.key = key;
      this.revision = revision;
    }

    @Override
    public boolean isValid() {
      return !released && session.isValid();
    }

    @Override
    public String toString() {
      return "lease " + Long.toHexString(session.leaseId) + ", revision " + revision;
    }

    @Override
    public CompletableFuture<?> release() {
      released = true;
      return kv.txn()
          .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(revision)))
          .Then(Op.delete(key, DeleteOption.DEFAULT))
          .commit();
    }
  }
}
