package dev.resumable.tus.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * Runs an {@link HttpHandler} (normally the tus handler) as a server process on Undertow, with what a public upload
 * endpoint in a container needs:
 * <ul>
 *   <li>limits: bounded header size and count, read/write timeouts (slow-loris), no entity-size cap (the tus layer
 *       enforces upload sizes), a cap on open connections (503 beyond it), a small worker pool (the tus handler
 *       holds no thread while a client is slow or silent);</li>
 *   <li>{@code Expect: 100-continue} answered when the handler first reads the body;</li>
 *   <li>probes outside the tus path, answered without a worker thread: {@code /healthz} (the process serves) and
 *       {@code /readyz} (the store and locker answer and the server is not draining), plus extra exact-path routes
 *       such as {@code /metrics};</li>
 *   <li>optional TLS with HTTP/2, and an optional second listener for metrics only;</li>
 *   <li>graceful shutdown: {@link #shutdown()} turns readiness off, answers new requests 503, lets running requests
 *       finish within the shutdown timeout, then asks the rest to stop (their received bytes are kept).</li>
 * </ul>
 */
public final class TusServer implements AutoCloseable {
  /**
   * Connections the kernel may queue before they are accepted; the kernel caps it at {@code net.core.somaxconn}.
   * Undertow's 1,000 drops connections when thousands of clients reconnect at once (a restarted pod's phones): with a
   * full queue the kernel ignores the handshake's last ACK and the client, which believes it is connected, is reset
   * later.
   */
  private static final int ACCEPT_BACKLOG = 16_384;
  /** Bytes in one network buffer (direct memory). */
  private static final int BUFFER_SIZE = 64 * 1024;
  /**
   * Idle network buffers kept for reuse (32 MiB at most; see {@link NetworkBuffers} for why not Undertow's pool): the
   * buffers in use stay near what the connections reading, the store pool's permits and the downloads need.
   */
  private static final int POOLED_BUFFERS = 512;
  private static final Logger LOG = LoggerFactory.getLogger(TusServer.class);
  /** How long stopped requests get to answer and release their locks after the shutdown timeout. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);
  /** How long closing the listeners waits for worker threads before abandoning them. */
  private static final int WORKER_STOP_MILLIS = 2_000;

  private final Undertow undertow;
  private final Undertow metricsUndertow;
  private final GracefulShutdownHandler graceful;
  private final Probes probes;
  private final Duration shutdownTimeout;
  private final Runnable interruptRequests;

  private TusServer(Undertow undertow, Undertow metricsUndertow, GracefulShutdownHandler graceful, Probes probes,
      Duration shutdownTimeout, Runnable interruptRequests) {
    this.undertow = undertow;
    this.metricsUndertow = metricsUndertow;
    this.graceful = graceful;
    this.probes = probes;
    this.shutdownTimeout = shutdownTimeout;
    this.interruptRequests = interruptRequests;
  }

  /** A builder; {@link Builder#handler} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return address().getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
  }

  /**
   * What {@code /readyz} answers now, without waiting: false while draining or when the latest readiness check of
   * store and locker failed (or is overdue); reading it starts a new check when the latest is over a second old.
   */
  public boolean ready() {
    return probes.ready();
  }

  /** The port of the separate metrics listener, or -1 when there is none. */
  public int metricsPort() {
    return metricsUndertow == null ? -1
        : ((InetSocketAddress) metricsUndertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Connections open on the main listener right now. */
  public long openConnections() {
    var statistics = undertow.getListenerInfo().get(0).getConnectorStatistics();
    return statistics == null ? 0 : statistics.getActiveConnections();
  }

  /**
   * Drains and stops: readiness off, new requests 503, running requests get the shutdown timeout to finish, those
   * still running are then asked to stop (uploads keep the bytes they received), and the listeners close.
   *
   * @return true when every request ended within the shutdown timeout, false when some had to be stopped
   */
  public boolean shutdown() throws InterruptedException {
    probes.drain();
    graceful.shutdown();
    boolean clean = graceful.awaitShutdown(shutdownTimeout.toMillis());
    if (!clean) {
      LOG.info("requests still running after {}; stopping them", shutdownTimeout);
      interruptRequests.run();
      if (!graceful.awaitShutdown(STOP_GRACE.toMillis())) {
        LOG.warn("requests still running after being stopped; closing their connections");
      }
    }
    close();
    return clean;
  }

  /** Stops listening and closes connections at once. */
  @Override
  public void close() {
    probes.close();
    undertow.stop();
    if (metricsUndertow != null) {
      metricsUndertow.stop();
    }
  }

  /** Configures and starts a {@link TusServer}. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 1080;
    private HttpHandler handler;
    private Duration networkTimeout = Duration.ofSeconds(60);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private int workerThreads = 48;
    private int maxConnections = 20_000;
    private int maxHeaderSize = 32 * 1024;
    private int maxHeaders = 100;
    private Probes.Check readiness = () -> { };
    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();
    private SSLContext sslContext;
    private boolean h2c;
    private TlsMode tlsMode = TlsMode.TLS12;
    private int metricsPort = -1;
    private String metricsPath;
    private HttpHandler metricsHandler;
    private Runnable interruptRequests = () -> { };

    private Builder() {
    }

    /** The interface to listen on (default all). */
    public Builder host(String value) {
      this.host = Objects.requireNonNull(value);
      return this;
    }

    /** The port (default 1080; 0 picks a free one). */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** The handler serving every request that no route or probe takes. */
    public Builder handler(HttpHandler value) {
      this.handler = Objects.requireNonNull(value);
      return this;
    }

    /** An extra handler for one exact path (e.g. {@code /metrics}), outside the tus handler and the drain. */
    public Builder route(String path, HttpHandler value) {
      routes.put(Objects.requireNonNull(path), Objects.requireNonNull(value));
      return this;
    }

    /** What {@code /readyz} checks besides draining; throws when not ready. */
    public Builder readiness(Probes.Check value) {
      this.readiness = Objects.requireNonNull(value);
      return this;
    }

    /** What {@link #shutdown()} calls when requests outlive the shutdown timeout. */
    public Builder onShutdownTimeout(Runnable value) {
      this.interruptRequests = Objects.requireNonNull(value);
      return this;
    }

    /** How long a read or write may wait for the network before the request fails (default 60 s). */
    public Builder networkTimeout(Duration value) {
      this.networkTimeout = Objects.requireNonNull(value);
      return this;
    }

    /** How long {@link #shutdown()} lets running requests finish (default 10 s). */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Worker threads (default 48): they run request steps and blocking hooks, never wait for a client's bytes or an
     * upload's lock, so they bound the hooks and store calls running at once, not the uploads in flight.
     */
    public Builder workerThreads(int value) {
      this.workerThreads = value;
      return this;
    }

    /**
     * The most connections open at once on the main listener (default 20,000); a request on a connection beyond it
     * is answered 503 and the connection closed. Probes and metrics are always answered.
     */
    public Builder maxConnections(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("max connections must be at least 1, got " + value);
      }
      this.maxConnections = value;
      return this;
    }

    /** The largest request header block accepted, in bytes (default 32 KiB). */
    public Builder maxHeaderSize(int value) {
      this.maxHeaderSize = value;
      return this;
    }

    /** Accepts HTTP/2 without TLS too (h2c: prior knowledge or {@code Upgrade: h2c}); plain HTTP only. */
    public Builder h2c(boolean value) {
      this.h2c = value;
      return this;
    }

    /** Serves HTTPS (with HTTP/2) instead of HTTP. */
    public Builder tls(SSLContext context, TlsMode mode) {
      this.sslContext = Objects.requireNonNull(context);
      this.tlsMode = Objects.requireNonNull(mode);
      return this;
    }

    /** Serves {@code path} with {@code scrape} on a separate plain-HTTP port instead of the main listener. */
    public Builder metricsListener(int metricsListenerPort, String path, HttpHandler scrape) {
      this.metricsPort = metricsListenerPort;
      this.metricsPath = Objects.requireNonNull(path);
      this.metricsHandler = Objects.requireNonNull(scrape);
      return this;
    }

    /** Binds and starts the listeners. */
    public TusServer start() {
      if (handler == null) {
        throw new IllegalStateException("a handler is required");
      }
      int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
      GracefulShutdownHandler graceful = new GracefulShutdownHandler(new HttpContinueReadHandler(handler));
      Probes probes = new Probes(readiness);
      ConnectionCap cap = new ConnectionCap(graceful, maxConnections);
      ExactPathRouter router = new ExactPathRouter(cap);
      router.add("/healthz", probes::liveness);
      router.add("/readyz", probes::readiness);
      routes.forEach(router::add);

      Undertow.Builder builder = Undertow.builder()
          .setWorkerThreads(workerThreads)
          .setByteBufferPool(new NetworkBuffers(BUFFER_SIZE, POOLED_BUFFERS))
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
          .setServerOption(UndertowOptions.MAX_HEADER_SIZE, maxHeaderSize)
          .setServerOption(UndertowOptions.MAX_HEADERS, maxHeaders)
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, timeoutMillis)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, timeoutMillis)
          .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
          .setServerOption(UndertowOptions.ENABLE_STATISTICS, true)
          .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, WORKER_STOP_MILLIS)
          .setSocketOption(Options.READ_TIMEOUT, timeoutMillis)
          .setSocketOption(Options.WRITE_TIMEOUT, timeoutMillis)
          .setSocketOption(Options.BACKLOG, ACCEPT_BACKLOG)
          .setHandler(router);
      if (sslContext != null) {
        builder.addHttpsListener(port, host, sslContext)
            .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
            .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(tlsMode.protocols()));
        if (tlsMode.cipherSuites() != null) {
          builder.setSocketOption(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(tlsMode.cipherSuites()));
        }
      } else {
        builder.addHttpListener(port, host);
        if (h2c) {
          builder.setServerOption(UndertowOptions.ENABLE_HTTP2, true);
        }
      }
      Undertow undertow = builder.build();
      undertow.start();
      cap.watch(undertow.getListenerInfo().get(0));
      Undertow metrics = null;
      if (metricsHandler != null) {
        ExactPathRouter metricsRouter = new ExactPathRouter(exchange -> {
          exchange.setStatusCode(404);
          exchange.endExchange();
        });
        metricsRouter.add(metricsPath, metricsHandler);
        metricsRouter.add("/healthz", probes::liveness);
        metricsRouter.add("/readyz", probes::readiness);
        metrics = Undertow.builder().addHttpListener(metricsPort, host).setIoThreads(1).setWorkerThreads(4)
            .setHandler(metricsRouter).build();
        try {
          metrics.start();
        } catch (RuntimeException e) {
          undertow.stop();
          throw e;
        }
      }
      return new TusServer(undertow, metrics, graceful, probes, shutdownTimeout, interruptRequests);
    }
  }
}
