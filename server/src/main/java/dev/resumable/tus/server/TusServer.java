package dev.resumable.tus.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.xnio.Options;

/**
 * Runs an {@link HttpHandler} (normally a {@code TusHandler}) on an Undertow HTTP listener with the limits a public
 * upload endpoint needs: bounded header size and count, a read timeout so a stalled client cannot hold a request
 * forever (slow-loris), no entity-size cap (the tus layer enforces upload sizes) and enough worker threads for
 * thousands of blocking uploads. {@code Expect: 100-continue} is answered when the handler first reads the body, so a
 * request refused from its headers never uploads its body.
 */
public final class TusServer implements AutoCloseable {
  private final Undertow undertow;

  private TusServer(Undertow undertow) {
    this.undertow = undertow;
  }

  /** A builder; {@link Builder#handler} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
  }

  /** Stops listening and closes connections. */
  @Override
  public void close() {
    undertow.stop();
  }

  /** Configures and starts a {@link TusServer}. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 1080;
    private HttpHandler handler;
    private Duration networkTimeout = Duration.ofSeconds(60);
    private int workerThreads = 512;
    private int maxHeaderSize = 32 * 1024;
    private int maxHeaders = 100;

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

    /** The handler serving every request. */
    public Builder handler(HttpHandler value) {
      this.handler = Objects.requireNonNull(value);
      return this;
    }

    /** How long a read or write may wait for the network before the request fails (default 60 s). */
    public Builder networkTimeout(Duration value) {
      this.networkTimeout = Objects.requireNonNull(value);
      return this;
    }

    /** Worker threads, the bound on requests served at once (default 512). */
    public Builder workerThreads(int value) {
      this.workerThreads = value;
      return this;
    }

    /** The largest request header block accepted, in bytes (default 32 KiB). */
    public Builder maxHeaderSize(int value) {
      this.maxHeaderSize = value;
      return this;
    }

    /** Binds and starts the listener. */
    public TusServer start() {
      if (handler == null) {
        throw new IllegalStateException("a handler is required");
      }
      int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, networkTimeout.toMillis());
      Undertow undertow = Undertow.builder()
          .addHttpListener(port, host)
          .setWorkerThreads(workerThreads)
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
          .setServerOption(UndertowOptions.MAX_HEADER_SIZE, maxHeaderSize)
          .setServerOption(UndertowOptions.MAX_HEADERS, maxHeaders)
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, timeoutMillis)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, timeoutMillis)
          .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
          .setSocketOption(Options.READ_TIMEOUT, timeoutMillis)
          .setSocketOption(Options.WRITE_TIMEOUT, timeoutMillis)
          .setHandler(new HttpContinueReadHandler(handler))
          .build();
      undertow.start();
      return new TusServer(undertow);
    }
  }
}
