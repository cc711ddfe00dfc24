package dev.resumable.tus.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Downloads by clients that read at their own pace: a GET on a socket with a small receive window (so that the
 * server's socket fills as soon as the client stops reading), whose caller reads the response itself.
 */
public final class SlowDownloads {
  private SlowDownloads() {
  }

  /** Sends a GET (with an optional Range) on a socket with a 16 KiB receive window; the caller reads. */
  public static Socket open(int port, String path, String range) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(16 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(30_000);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** Reads the status line and headers (up to the blank line). */
  public static String statusAndHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the headers: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
