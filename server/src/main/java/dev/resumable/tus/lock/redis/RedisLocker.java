package dev.resumable.tus.lock.redis;

import dev.resumable.tus.lock.Acquisition;
import dev.resumable.tus.lock.LockEvents;
import dev.resumable.tus.lock.LockerUnavailableException;
import dev.resumable.tus.lock.RemoteLocker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Locks uploads in Redis, for server processes on any number of hosts (Lettuce, asynchronous API throughout).
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li>The lock of upload {@code id} is the key {@code tus:lock:<id>} holding a random token, taken with
 *       {@code SET key token NX PX ttl}. It expires by itself when its holder stops renewing: a dead process keeps an
 *       upload locked at most for the time-to-live.</li>
 *   <li>The holder renews every third of the time-to-live with a script that extends the key only if it still holds
 *       this token; a key found gone or foreign, or a renewal that fails, makes the lock lost at once (its holder's
 *       release callback is called). Independently, the lock counts as valid only until the time-to-live has passed
 *       since the last successful renewal was <em>sent</em>, on this process's monotonic clock — so a process frozen
 *       past the time-to-live sees its lock invalid the moment it runs again.</li>
 *   <li>Release deletes the key only if it still holds this token (compare-and-delete in one script).</li>
 *   <li>A waiter asks the holder to let go by publishing the upload ID on the channel {@code tus:lock:release};
 *       every process subscribes to it once, and a process holding that upload calls its holder's release callback,
 *       which decides. Waiters repeat the request while they wait, so one lost message costs one retry.</li>
 * </ul>
 * Commands are rejected at once while disconnected (Lettuce reconnects in the background) and time out after the
 * request timeout, so an outage fails acquisitions quickly with {@link LockerUnavailableException}.
 */
public final class RedisLocker extends RemoteLocker {
  static final String KEY_PREFIX = "tus:lock:";
  static final String RELEASE_CHANNEL = "tus:lock:release";
  private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final String DELETE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('del', KEYS[1]) else return 0 end";

  private final String display;
  private final Duration ttl;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> commands;
  private final StatefulRedisPubSubConnection<String, String> subscription;

  /**
   * Connects to the Redis server at {@code url} ({@code redis://[user:password@]host:port/db}, {@code rediss://} for
   * TLS).
   *
   * @param ttl the lease time-to-live: how long a dead holder keeps an upload locked
   * @param requestTimeout how long one Redis command may take before Redis counts as unavailable
   * @throws LockerUnavailableException when Redis cannot be reached now
   * @throws IllegalArgumentException for a malformed URL
   */
  public RedisLocker(String url, Duration ttl, Duration requestTimeout, LockEvents events)
      throws LockerUnavailableException {
    this(url, null, null, ttl, requestTimeout, events);
  }

  /**
   * A locker on the Redis at {@code url}, authenticating with credentials given apart from the URL (any characters:
   * a password inside a URL must be percent-encoded, one from a Secret is not).
   *
   * @param url {@code redis://host:port/db} or {@code rediss://…}, without credentials
   * @param username the ACL user name, or null for the default user
   * @param password the password, or null for none
   * @param ttl how long a lock lives unless renewed (the longest a crashed holder keeps an upload locked)
   * @param requestTimeout how long one Redis request may take before Redis counts as unavailable
   * @param events told about release requests and lost leases
   * @throws LockerUnavailableException when Redis cannot be reached now
   * @throws IllegalArgumentException for a malformed URL, or credentials both in the URL and given apart
   */
  public RedisLocker(String url, String username, String password, Duration ttl, Duration requestTimeout,
      LockEvents events) throws LockerUnavailableException {
    super(requestTimeout, events);
    if (ttl.toMillis() < 300) {
      throw new IllegalArgumentException("the lock time-to-live must be at least 300 ms");
    }
    RedisURI uri = parse(url);
    if (password != null) {
      if (uri.getPassword() != null && uri.getPassword().length > 0) {
        throw new IllegalArgumentException("credentials are given both in the Redis URL and apart from it");
      }
      if (username != null) {
        uri.setUsername(username);
      }
      uri.setPassword(password.toCharArray());
    } else if (username != null) {
      throw new IllegalArgumentException("a Redis user name needs a password");
    }
    this.display = describe(uri);
    this.ttl = ttl;
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(requestTimeout))
        .socketOptions(SocketOptions.builder().connectTimeout(requestTimeout).keepAlive(true).build())
        .build());
    StatefulRedisConnection<String, String> opened = null;
    try {
      opened = client.connect();
      this.connection = opened;
      this.commands = connection.async();
      this.subscription = client.connectPubSub();
      subscription.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          releaseRequested(message);
        }
      });
      subscription.sync().subscribe(RELEASE_CHANNEL);
    } catch (RedisException e) {
      if (opened != null) {
        opened.close();
      }
      client.shutdown();
      resources.shutdown();
      throw new LockerUnavailableException("cannot reach Redis at " + display + ": " + e.getMessage(), e);
    }
  }

  /** Parses a {@code redis://} or {@code rediss://} URL. */
  static RedisURI parse(String url) {
    String scheme = url == null ? "" : url.replaceFirst(":.*", "");
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("a Redis URL starts with redis:// or rediss://");
    }
    try {
      return RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed Redis URL (expected redis://[user:password@]host:port/db)");
    }
  }

  /**
   * Whether a Redis URL carries a password.
   *
   * @throws IllegalArgumentException for a malformed URL
   */
  public static boolean hasCredentials(String url) {
    char[] password = parse(url).getPassword();
    return password != null && password.length > 0;
  }

  /** The URL without user name or password, for logs. */
  static String describe(RedisURI uri) {
    return (uri.isSsl() ? "rediss" : "redis") + "://" + uri.getHost() + ":" + uri.getPort() + "/"
        + uri.getDatabase();
  }

  /**
   * A Redis URL without user name or password, for logs.
   *
   * @throws IllegalArgumentException for a malformed URL
   */
  public static String describe(String url) {
    return describe(parse(url));
  }

  @Override
  public String type() {
    return "redis";
  }

  @Override
  protected CompletableFuture<Claim> claim(String id) {
    String key = KEY_PREFIX + id;
    String token = UUID.randomUUID().toString();
    long sent = System.nanoTime();
    return commands.set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())).toCompletableFuture()
        .thenApply(reply -> "OK".equals(reply) ? new RedisClaim(id, key, token, sent) : null);
  }

  @Override
  protected CompletableFuture<?> askRelease(String id) {
    return commands.publish(RELEASE_CHANNEL, id).toCompletableFuture();
  }

  @Override
  protected CompletableFuture<?> ping() {
    return commands.ping().toCompletableFuture();
  }

  @Override
  protected void closeBackend() {
    subscription.close();
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** A held key, renewed on the shared timer until released or lost. */
  private final class RedisClaim implements Claim {
    final String id;
    final String key;
    final String token;
    volatile long validUntil;
    volatile boolean done;
    final ScheduledFuture<?> renewal;

    RedisClaim(String id, String key, String token, long sentNanos) {
      this.id = id;
      this.key = key;
      this.token = token;
      this.validUntil = sentNanos + ttl.toNanos();
      long period = ttl.toNanos() / 3;
      this.renewal = Acquisition.timer().scheduleAtFixedRate(this::renew, period, period, TimeUnit.NANOSECONDS);
    }

    private void renew() {
      if (done) {
        return;
      }
      // even past the local deadline (this process was frozen, or its timer starved) Redis has the last word: a key
      // still holding our token was never taken by anyone else
      long sent = System.nanoTime();
      bounded(commands.<Long>eval(RENEW, ScriptOutputType.INTEGER, new String[] {key}, token,
          Long.toString(ttl.toMillis())).toCompletableFuture()).whenComplete((renewed, error) -> {
            if (done) {
              return;
            }
            if (error != null) {
              giveUp("renewal failed: " + unavailable(error).getMessage());
            } else if (renewed == null || renewed != 1L) {
              giveUp("its key expired or was taken over");
            } else {
              validUntil = sent + ttl.toNanos();
            }
          });
    }

    private void giveUp(String why) {
      done = true;
      renewal.cancel(false);
      lost(id, this, why);
    }

    @Override
    public boolean isValid() {
      return !done && System.nanoTime() - validUntil < 0;
    }

    @Override
    public CompletableFuture<?> release() {
      done = true;
      renewal.cancel(false);
      return commands.eval(DELETE_IF_OURS, ScriptOutputType.INTEGER, new String[] {key}, token)
          .toCompletableFuture();
    }
  }
}
