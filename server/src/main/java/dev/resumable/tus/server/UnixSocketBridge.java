package dev.resumable.tus.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Unix domain socket ({@code -unix-sock}) by relaying each connection to the server's loopback TCP listener:
 * Undertow 2.x listens through XNIO, whose NIO worker binds {@code InetSocketAddress}es only. One selector thread
 * relays every connection without blocking; each connection holds two 16 KiB buffers and stops reading from one side
 * while the other has not taken what was read (back-pressure), so memory per connection is bounded.
 */
public final class UnixSocketBridge implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(UnixSocketBridge.class);
  private static final int BUFFER = 16 * 1024;

  private final Path path;
  private final InetSocketAddress target;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final Thread thread;
  private volatile boolean running = true;

  private UnixSocketBridge(Path path, InetSocketAddress target) throws IOException {
    this.path = path;
    this.target = target;
    if (Files.isRegularFile(path) || Files.isDirectory(path)) {
      throw new IOException(path + " exists and is not a socket");
    }
    Files.deleteIfExists(path);
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    server.configureBlocking(false);
    this.selector = Selector.open();
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.thread = new Thread(this::loop, "unix-socket-bridge");
    thread.setDaemon(true);
  }

  /** Listens on {@code path} (a stale socket file is replaced) and relays to {@code target}. */
  public static UnixSocketBridge start(Path path, InetSocketAddress target) throws IOException {
    UnixSocketBridge bridge = new UnixSocketBridge(path, target);
    bridge.thread.start();
    return bridge;
  }

  /** One direction of a relayed connection. */
  private static final class Pipe {
    final SocketChannel from;
    final SocketChannel to;
    final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    boolean eof;
    Pipe peer;

    Pipe(SocketChannel from, SocketChannel to) {
      this.from = from;
      this.to = to;
    }
  }

  /** The two directions of a connection and its channels' keys. */
  private static final class Link {
    Pipe up;
    Pipe down;
    SelectionKey client;
    SelectionKey backend;
    boolean connected;
  }

  private void loop() {
    while (running) {
      try {
        selector.select(1000);
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else {
            Link link = (Link) key.attachment();
            try {
              handle(link, key);
            } catch (IOException e) {
              close(link);
            }
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (running) {
          LOG.warn("unix socket bridge: {}", e.toString());
        }
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel client = server.accept();
    if (client == null) {
      return;
    }
    client.configureBlocking(false);
    SocketChannel backend = SocketChannel.open();
    backend.configureBlocking(false);
    Link link = new Link();
    link.up = new Pipe(client, backend);
    link.down = new Pipe(backend, client);
    link.up.peer = link.down;
    link.down.peer = link.up;
    link.client = client.register(selector, 0, link);
    link.connected = backend.connect(target);
    link.backend = backend.register(selector, link.connected ? 0 : SelectionKey.OP_CONNECT, link);
    if (link.connected) {
      update(link);
    }
  }

  private void handle(Link link, SelectionKey key) throws IOException {
    if (key.isConnectable()) {
      ((SocketChannel) key.channel()).finishConnect();
      link.connected = true;
    } else {
      if (key.isReadable()) {
        read(key == link.client ? link.up : link.down);
      }
      if (key.isValid() && key.isWritable()) {
        write(key == link.client ? link.down : link.up);
      }
    }
    if (link.up.eof && link.down.eof && link.up.buffer.position() == 0 && link.down.buffer.position() == 0) {
      close(link);
      return;
    }
    update(link);
  }

  private static void read(Pipe pipe) throws IOException {
    int n = pipe.from.read(pipe.buffer);
    if (n < 0) {
      pipe.eof = true;
    }
    write(pipe);
  }

  private static void write(Pipe pipe) throws IOException {
    pipe.buffer.flip();
    pipe.to.write(pipe.buffer);
    pipe.buffer.compact();
    if (pipe.eof && pipe.buffer.position() == 0) {
      try {
        pipe.to.shutdownOutput();
      } catch (IOException e) {
        // the other side is gone already
      }
    }
  }

  /** Interest: read a side while its pipe has room and no EOF; write a side while bytes wait for it. */
  private static void update(Link link) {
    if (!link.connected || !link.client.isValid() || !link.backend.isValid()) {
      return;
    }
    link.client.interestOps(ops(link.up, link.down));
    link.backend.interestOps(ops(link.down, link.up));
  }

  private static int ops(Pipe reading, Pipe writing) {
    int ops = 0;
    if (!reading.eof && reading.buffer.hasRemaining()) {
      ops |= SelectionKey.OP_READ;
    }
    if (writing.buffer.position() > 0) {
      ops |= SelectionKey.OP_WRITE;
    }
    return ops;
  }

  private static void close(Link link) {
    for (SelectionKey key : new SelectionKey[] {link.client, link.backend}) {
      if (key != null) {
        key.cancel();
        try {
          key.channel().close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  /** Stops listening, closes every relayed connection and removes the socket file. */
  @Override
  public void close() throws IOException {
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    selector.close();
    server.close();
    Files.deleteIfExists(path);
  }
}
