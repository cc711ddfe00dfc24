package dev.resumable.tus.http;

import dev.resumable.tus.lock.Locker;
import dev.resumable.tus.lock.memory.MemoryLocker;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tus 1.0.0 protocol as an Undertow {@link HttpHandler}: routes OPTIONS, POST, HEAD, PATCH, DELETE and GET under
 * the base path to one class per method, over any {@link UploadStore} and {@link Locker}.
 *
 * <p>Request steps run on worker threads; nothing waits on a thread: a request body is read by the connection's IO
 * thread as bytes arrive and written by a bounded store pool ({@link BodyPump}), and a lock is awaited as a future,
 * so a slow or silent client costs no thread. Every refusal is a 4xx with a one-line text body; unexpected failures
 * are a generic 500 (details only in the log).
 *
 * <p>Embed it with {@link #builder()}; {@code dev.resumable.tus.server.TusServer} runs it on its own listener.
 */
public final class TusHandler implements HttpHandler, Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(TusHandler.class);
  private static final Pattern METHOD_TOKEN = Pattern.compile("[A-Z]{1,16}");
  private static final HttpString PATCH = new HttpString("PATCH");
  /** Received network buffers that may wait for or undergo a store write at once (each up to 64 KiB). */
  private static final int STORE_PERMITS = 256;

  private final TusContext context;
  private final OptionsRequest options;
  private final CreateRequest create;
  private final HeadRequest head;
  private final PatchRequest patch;
  private final DeleteRequest delete;
  private final DownloadRequest download;
  private final ExpirationSweeper sweeper;
  private final String allowUpload;

  private TusHandler(TusContext context) {
    this.context = context;
    ChunkReceiver receiver = new ChunkReceiver(context);
    this.options = new OptionsRequest(context);
    this.create = new CreateRequest(context, receiver);
    this.head = new HeadRequest(context);
    this.patch = new PatchRequest(context, receiver);
    this.delete = new DeleteRequest(context);
    this.download = new DownloadRequest(context);
    this.sweeper = context.expirationEnabled() ? new ExpirationSweeper(context) : null;
    List<String> allowed = new ArrayList<>(List.of("OPTIONS", "HEAD", "PATCH"));
    if (context.downloader != null) {
      allowed.add("GET");
    }
    if (context.terminater != null) {
      allowed.add("DELETE");
    }
    this.allowUpload = String.join(", ", allowed);
  }

  /** A builder for a handler; store is required, everything else has tusd's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tus extensions this handler advertises. */
  public List<String> extensions() {
    return context.extensions();
  }

  /** The effective protocol settings. */
  public TusConfig config() {
    return context.config;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    // upload sizes are enforced by the protocol layer (max size, declared length), not by Undertow's entity cap
    exchange.setMaxEntitySize(Long.MAX_VALUE);
    exchange.startBlocking();
    exchange.getResponseHeaders().put(TusHeaders.TUS_RESUMABLE, TusHeaders.VERSION);
    context.steps.run(exchange, () -> route(exchange));
  }

  private void route(HttpServerExchange exchange) throws IOException {
    HttpString method = effectiveMethod(exchange);
    exchange.putAttachment(TusContext.METHOD, method.toString());
    String path = UploadUrls.pathOf(exchange.getRequestURI());
    boolean collection = context.urls.isCollection(path);
    String id = collection ? null : context.urls.idOf(path);
    if (!collection && id == null) {
      throw context.urls.isBelowBase(path) ? TusException.notFound() : new TusException(404, "not found");
    }
    if (Methods.OPTIONS.equals(method)) {
      options.handle(exchange);
      return;
    }
    if (!Methods.GET.equals(method)) {
      requireTusResumable(exchange);
    }
    if (collection) {
      if (Methods.POST.equals(method)) {
        create.handle(exchange);
      } else {
        notAllowed(exchange, "OPTIONS, POST");
      }
      return;
    }
    if (Methods.HEAD.equals(method)) {
      head.handle(exchange, id);
    } else if (PATCH.equals(method)) {
      patch.handle(exchange, id);
    } else if (Methods.GET.equals(method) && context.downloader != null) {
      download.handle(exchange, id);
    } else if (Methods.DELETE.equals(method) && context.terminater != null) {
      delete.handle(exchange, id);
    } else {
      notAllowed(exchange, allowUpload);
    }
  }

  /** The method, or the one named by {@code X-HTTP-Method-Override} (tus-java-client sends PATCH as POST). */
  private static HttpString effectiveMethod(HttpServerExchange exchange) {
    String override = exchange.getRequestHeaders().getFirst(TusHeaders.METHOD_OVERRIDE);
    if (override == null) {
      return exchange.getRequestMethod();
    }
    String normalized = override.trim().toUpperCase(Locale.ROOT);
    if (!METHOD_TOKEN.matcher(normalized).matches()) {
      throw TusException.badRequest("X-HTTP-Method-Override must name an HTTP method");
    }
    return HttpString.tryFromString(normalized);
  }

  private static void requireTusResumable(HttpServerExchange exchange) {
    String version = exchange.getRequestHeaders().getFirst(TusHeaders.TUS_RESUMABLE);
    if (!TusHeaders.VERSION.equals(version == null ? null : version.trim())) {
      exchange.getResponseHeaders().put(TusHeaders.TUS_VERSION, TusHeaders.VERSION);
      throw new TusException(412, "unsupported or missing Tus-Resumable; this server speaks " + TusHeaders.VERSION);
    }
  }

  private static void notAllowed(HttpServerExchange exchange, String allow) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allow);
    throw new TusException(405, "method not allowed here; allowed: " + allow);
  }

  /**
   * Stops every request still running (graceful shutdown after its timeout): uploads receiving a body keep the bytes
   * they received, release their lock and answer 503 so their clients retry elsewhere; requests waiting for a lock
   * stop waiting (503); steps blocked in a hook are interrupted (503); downloads still sending are cut.
   */
  public void interruptUploads() {
    context.cancelLockWaits();
    context.steps.interruptAll();
    for (BodyPump body : context.activeBodies) {
      body.stop(BodyPump.End.SHUTDOWN);
    }
    download.interrupt();
  }

  /** Runs one expiration sweep now (tests); returns the number of uploads removed. */
  int sweepExpired() throws IOException {
    return sweeper == null ? 0 : sweeper.sweep();
  }

  /** Stops the expiration sweep. The store and locker belong to the caller. */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.close();
    }
    context.hooks.close();
    context.storePool.close();
  }

  /** Builds a {@link TusHandler}. Defaults follow tusd: base path {@code /files/}, no size limits, no expiration. */
  public static final class Builder {
    private UploadStore store;
    private Locker locker;
    private String basePath = "/files/";
    private long maxSize;
    private long storeSize;
    private Duration expiration = Duration.ZERO;
    private boolean downloadEnabled = true;
    private boolean terminationEnabled = true;
    private boolean concatenationEnabled = true;
    private Duration acquireLockTimeout = Duration.ofSeconds(20);
    private Duration stallTimeout = Duration.ofSeconds(2);
    private boolean behindProxy;
    private final List<UploadListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Hooks hooks = Hooks.NONE;
    private int storeThreads = 16;

    private Builder() {
    }

    /**
     * Threads that run blocking store writes for all request bodies together (default 16); a body waits for a
     * free one without holding a thread.
     */
    public Builder storeThreads(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("store threads must be at least 1, got " + value);
      }
      this.storeThreads = value;
      return this;
    }

    /** The store (required). */
    public Builder store(UploadStore value) {
      this.store = Objects.requireNonNull(value);
      return this;
    }

    /** The locker; defaults to an in-memory locker (one process). */
    public Builder locker(Locker value) {
      this.locker = Objects.requireNonNull(value);
      return this;
    }

    /** The path uploads live under; default {@code /files/}. */
    public Builder basePath(String value) {
      this.basePath = value;
      return this;
    }

    /** The largest upload accepted in bytes; 0 (default) for none. */
    public Builder maxSize(long value) {
      this.maxSize = value;
      return this;
    }

    /** The total declared bytes the store may hold; 0 (default) for no limit. Needs a store that can list. */
    public Builder storeSize(long value) {
      this.storeSize = value;
      return this;
    }

    /** How long an unfinished upload lives after its last change; zero (default) for ever. */
    public Builder expiration(Duration value) {
      this.expiration = Objects.requireNonNull(value);
      return this;
    }

    /** Whether GET serves finished uploads (default true). */
    public Builder download(boolean enabled) {
      this.downloadEnabled = enabled;
      return this;
    }

    /** Whether DELETE terminates uploads (default true). */
    public Builder termination(boolean enabled) {
      this.terminationEnabled = enabled;
      return this;
    }

    /** Whether the concatenation extension is offered (default true). */
    public Builder concatenation(boolean enabled) {
      this.concatenationEnabled = enabled;
      return this;
    }

    /** How long a request waits for an upload's lock (default 20 s). */
    public Builder acquireLockTimeout(Duration value) {
      this.acquireLockTimeout = Objects.requireNonNull(value);
      return this;
    }

    /** How long a lock holder may receive nothing before a waiting request takes over (default 2 s). */
    public Builder stallTimeout(Duration value) {
      this.stallTimeout = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Whether upload URLs follow {@code X-Forwarded-Host}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Prefix} and
     * {@code Forwarded} (default false: those headers are ignored, so clients cannot steer {@code Location}).
     */
    public Builder behindProxy(boolean enabled) {
      this.behindProxy = enabled;
      return this;
    }

    /** Adds a listener for upload life-cycle events. */
    public Builder listener(UploadListener value) {
      this.listeners.add(Objects.requireNonNull(value));
      return this;
    }

    /** The hook system (default none); the handler closes it on {@link TusHandler#close()}. */
    public Builder hooks(Hooks value) {
      this.hooks = Objects.requireNonNull(value);
      return this;
    }

    /** The clock for expiry (tests). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Builds the handler. With a store-size limit, counts what the store already holds first.
     *
     * @throws IOException when the store cannot be listed for the store-size limit
     * @throws IllegalArgumentException when the settings are inconsistent
     */
    public TusHandler build() throws IOException {
      if (store == null) {
        throw new IllegalArgumentException("a store is required");
      }
      TusConfig config = new TusConfig(basePath, maxSize, storeSize, expiration, downloadEnabled,
          terminationEnabled, concatenationEnabled, acquireLockTimeout, stallTimeout, behindProxy);
      TusContext context = new TusContext(config, store, locker != null ? locker : new MemoryLocker(),
          CompositeListener.of(listeners), hooks, clock, new StorePool(storeThreads, STORE_PERMITS));
      if (storeSize > 0) {
        if (context.lister == null) {
          throw new IllegalArgumentException("a store-size limit needs a store that can list its uploads");
        }
        for (String id : context.lister.listIds()) {
          Optional<UploadInfo> info = store.find(id);
          info.ifPresent(i -> context.quota.account(TusContext.reservedBytes(i)));
        }
      }
      return new TusHandler(context);
    }
  }
}
