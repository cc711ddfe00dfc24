package dev.resumable.tus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A real single-member {@code etcd} (Debian's package) on free loopback ports with its data in a temporary
 * directory; a restart keeps the ports and the data.
 */
public final class LocalEtcd extends LocalServer {
  private final int clientPort;
  private final int peerPort;

  private LocalEtcd(Path dir, int clientPort, int peerPort) {
    super(dir);
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  /** Starts a member with its data below {@code dir}. */
  public static LocalEtcd start(Path dir) throws IOException, InterruptedException {
    LocalEtcd etcd = new LocalEtcd(dir, freePort(), freePort());
    etcd.start();
    return etcd;
  }

  @Override
  protected String name() {
    return "etcd";
  }

  @Override
  protected List<String> command() {
    String peer = "http://127.0.0.1:" + peerPort;
    return List.of(binary("etcd"), "--name", "tus-test", "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", endpoint(), "--advertise-client-urls", endpoint(),
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "tus-test=" + peer, "--log-level", "warn");
  }

  /** {@code http://127.0.0.1:<client port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  @Override
  public String address() {
    return endpoint();
  }

  @Override
  protected boolean answers() {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(endpoint() + "/health").openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      try (InputStream in = c.getInputStream()) {
        return c.getResponseCode() == 200
            && new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"health\":\"true\"");
      }
    } catch (IOException e) {
      return false;
    }
  }
}
