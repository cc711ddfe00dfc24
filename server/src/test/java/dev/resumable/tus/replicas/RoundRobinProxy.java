package dev.resumable.tus.replicas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP load balancer for tests: each new client connection goes to the next backend port in turn (no stickiness),
 * skipping backends that refuse the connection, like a balancer's connect retry. The backends can be replaced while
 * it runs, as a Service's endpoints change in a rolling update: new connections go to the new set, established ones
 * stay where they are. Client-to-server bytes can be throttled so uploads last long enough for replicas to be killed
 * under them.
 */
public final class RoundRobinProxy implements AutoCloseable {
  private final ServerSocket listener;
  private volatile List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final long bytesPerSecond;
  private volatile boolean closed;

  /**
   * @param bytesPerSecond the upstream rate limit of each connection; 0 for none
   */
  public RoundRobinProxy(List<Integer> backends, long bytesPerSecond) throws IOException {
    this.backends = List.copyOf(backends);
    this.bytesPerSecond = bytesPerSecond;
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "rr-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The tus endpoint {@code http://127.0.0.1:<port>/files/} through this proxy. */
  public String endpoint() {
    return "http://127.0.0.1:" + port() + "/files/";
  }

  /** Routes new connections to {@code ports} from now on (an endpoints update); open connections are kept. */
  public void backends(List<Integer> ports) {
    backends = List.copyOf(ports);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Thread handler = new Thread(() -> connect(client), "rr-proxy-conn");
      handler.setDaemon(true);
      handler.start();
    }
  }

  private void connect(Socket client) {
    List<Integer> backends = this.backends;
    int first = Math.floorMod(next.getAndIncrement(), backends.size());
    for (int i = 0; i < backends.size(); i++) {
      int port = backends.get((first + i) % backends.size());
      Socket server = new Socket();
      try {
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      } catch (IOException refused) {
        closeQuietly(server);
        continue;
      }
      Thread up = new Thread(() -> pipe(client, server, bytesPerSecond), "rr-proxy-up");
      up.setDaemon(true);
      up.start();
      pipe(server, client, 0);
      return;
    }
    closeQuietly(client);
  }

  private static void pipe(Socket from, Socket to, long rate) {
    byte[] buffer = new byte[rate > 0 ? 8192 : 65536];
    long start = System.nanoTime();
    long sent = 0;
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
        sent += n;
        if (rate > 0) {
          long due = start + sent * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // one side went away: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
  }
}
