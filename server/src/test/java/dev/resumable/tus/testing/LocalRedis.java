package dev.resumable.tus.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, with its files in a temporary directory.
 * Nothing is persisted: a restarted server is empty, like a failover to a replica that missed the last writes.
 */
public final class LocalRedis extends LocalServer {
  private final int port;

  private LocalRedis(Path dir, int port) {
    super(dir);
    this.port = port;
  }

  /** Starts a server with its working directory in {@code dir}. */
  public static LocalRedis start(Path dir) throws IOException, InterruptedException {
    LocalRedis redis = new LocalRedis(dir, freePort());
    redis.start();
    return redis;
  }

  @Override
  protected String name() {
    return "redis";
  }

  @Override
  protected List<String> command() {
    return List.of(binary("redis-server"), "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "",
        "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no");
  }

  /** {@code redis://127.0.0.1:<port>/0}. */
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  @Override
  public String address() {
    return url();
  }

  public int port() {
    return port;
  }

  @Override
  protected boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(500);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[7];
      int n = socket.getInputStream().read(reply);
      return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
