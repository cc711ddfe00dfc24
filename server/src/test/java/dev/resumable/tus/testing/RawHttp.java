package dev.resumable.tus.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a plain socket, so tests control every byte: absent or odd headers, {@code Expect},
 * chunked bodies with trailers, unencoded paths. One connection per request ({@code Connection: close}).
 */
public final class RawHttp {
  private final int port;
  private String method = "GET";
  private String path = "/";
  private final List<String[]> headers = new ArrayList<>();
  private byte[] body;
  private boolean chunked;
  private String trailer;
  private int timeoutMillis = 20_000;

  private RawHttp(int port) {
    this.port = port;
  }

  public static RawHttp to(int port) {
    return new RawHttp(port);
  }

  public RawHttp request(String requestMethod, String requestPath) {
    this.method = requestMethod;
    this.path = requestPath;
    return this;
  }

  public RawHttp header(String name, Object value) {
    headers.add(new String[] {name, String.valueOf(value)});
    return this;
  }

  /** Adds {@code Tus-Resumable: 1.0.0}. */
  public RawHttp tus() {
    return header("Tus-Resumable", "1.0.0");
  }

  /** A body sent with {@code Content-Length}. */
  public RawHttp body(byte[] bytes) {
    this.body = bytes;
    return this;
  }

  public RawHttp body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A body sent with {@code Transfer-Encoding: chunked}, optionally followed by one trailer line. */
  public RawHttp chunkedBody(byte[] bytes, String trailerLine) {
    this.body = bytes;
    this.chunked = true;
    this.trailer = trailerLine;
    return this;
  }

  public RawHttp timeout(int millis) {
    this.timeoutMillis = millis;
    return this;
  }

  /** Sends the request and reads the whole response. */
  public Response send() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(head().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        if (chunked) {
          writeChunked(out);
        } else {
          out.write(body);
        }
      }
      out.flush();
      return Response.read(socket.getInputStream(), method);
    }
  }

  /**
   * Opens a PATCH that declares {@code declared} body bytes, sends only {@code first}, and leaves the connection
   * open: a client in the middle of an upload, or a stalled one. The caller closes the socket.
   */
  public static Socket openPatch(int port, String path, long offset, long declared, byte[] first)
      throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + offset
        + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " + declared + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(first);
    out.flush();
    return socket;
  }

  /** Polls HEAD (up to 10 s) until the upload at {@code path} reports {@code expected} as its offset. */
  public static void awaitOffset(int port, String path, long expected) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    String last = null;
    while (System.nanoTime() < deadline) {
      last = to(port).request("HEAD", path).tus().send().header("Upload-Offset");
      if (String.valueOf(expected).equals(last)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("offset of " + path + " never reached " + expected + " (last " + last + ")");
  }

  /**
   * Reads what the server still says on a connection whose request it is expected to end without acknowledging
   * it (a stopped, timed-out or interrupted upload), until the server closes the connection; returns the status line
   * of a response, or an empty string when the server closed without one. Fails when the server does not close
   * within the socket's timeout.
   */
  public static String statusOnClose(Socket socket) throws IOException {
    String text;
    try {
      text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException reset) {
      return "";
    }
    int end = text.indexOf("\r\n");
    return end < 0 ? text : text.substring(0, end);
  }

  /** The request line and headers, with Host, Connection and framing headers added. */
  public String head() {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    request.append("Connection: close\r\n");
    for (String[] header : headers) {
      request.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    if (body != null && chunked) {
      request.append("Transfer-Encoding: chunked\r\n");
    } else if (body != null && headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("Content-Length"))) {
      request.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.append("\r\n");
    return request.toString();
  }

  private void writeChunked(OutputStream out) throws IOException {
    int chunk = 8192;
    for (int i = 0; i < body.length; i += chunk) {
      int n = Math.min(chunk, body.length - i);
      out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, i, n);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.write("0\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (trailer != null) {
      out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A parsed response; header names are matched case-insensitively. */
  public static final class Response {
    public final int status;
    public final List<Integer> interim;
    public final Map<String, List<String>> headers;
    public final byte[] body;

    private Response(int status, List<Integer> interim, Map<String, List<String>> headers, byte[] body) {
      this.status = status;
      this.interim = interim;
      this.headers = headers;
      this.body = body;
    }

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    public boolean has(String name) {
      return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + text();
    }

    /** Reads one final response (and any 1xx before it) from {@code in}. */
    public static Response read(InputStream in, String method) throws IOException {
      List<Integer> interim = new ArrayList<>();
      while (true) {
        String statusLine = line(in);
        if (statusLine == null) {
          throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
          int colon = line.indexOf(':');
          headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(line.substring(colon + 1).trim());
        }
        if (status >= 100 && status < 200) {
          interim.add(status);
          continue;
        }
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304) {
          body = new byte[0];
        } else if (headers.containsKey("content-length")) {
          body = in.readNBytes(Integer.parseInt(headers.get("content-length").get(0)));
        } else if (headers.containsKey("transfer-encoding")) {
          body = readChunked(in);
        } else {
          body = in.readAllBytes();
        }
        return new Response(status, interim, headers, body);
      }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while (!line(in).isEmpty()) {
            // trailers
          }
          return out.toByteArray();
        }
        out.write(in.readNBytes(n));
        line(in);
      }
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          String s = buffer.toString(StandardCharsets.ISO_8859_1);
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        buffer.write(b);
      }
      return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
