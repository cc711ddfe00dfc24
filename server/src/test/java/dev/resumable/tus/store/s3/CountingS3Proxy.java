package dev.resumable.tus.store.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 proxy on a loopback port in front of an S3 server that records every request passing through it
 * (method, path and query, and whether it copies from another object), so tests can count the S3 requests each tus
 * request costs. Request bodies are relayed by {@code Content-Length} or chunked framing; responses are relayed as
 * they come, unparsed. Nothing is changed on the way.
 */
final class CountingS3Proxy implements AutoCloseable {
  private final ServerSocket server;
  private final URI target;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** One recorded S3 request. */
  record Request(String method, String path, String query, boolean copy) {
    /** The S3 operation this request is, from its method, query and copy header. */
    String operation() {
      boolean bucketLevel = path.indexOf('/', 1) < 0;
      return switch (method) {
        case "HEAD" -> bucketLevel ? "HeadBucket" : "HeadObject";
        case "GET" -> {
          if (has("uploadId")) {
            yield "ListParts";
          } else if (has("uploads")) {
            yield "ListMultipartUploads";
          } else if (bucketLevel) {
            yield has("list-type") ? "ListObjectsV2" : "ListObjects";
          }
          yield "GetObject";
        }
        case "PUT" -> has("partNumber") ? (copy ? "UploadPartCopy" : "UploadPart")
            : copy ? "CopyObject" : bucketLevel ? "CreateBucket" : "PutObject";
        case "POST" -> has("uploads") ? "CreateMultipartUpload" : has("uploadId") ? "CompleteMultipartUpload"
            : has("delete") ? "DeleteObjects" : "POST";
        case "DELETE" -> has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
        default -> method;
      };
    }

    private boolean has(String parameter) {
      for (String pair : query.split("&")) {
        if (pair.equals(parameter) || pair.startsWith(parameter + "=")) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return operation() + " " + path + (query.isEmpty() ? "" : "?" + query);
    }
  }

  CountingS3Proxy(URI target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "counting-s3-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The endpoint to give the S3 client instead of the S3 server's. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Every request recorded since the last {@link #drain()}, and forgets them. */
  synchronized List<Request> drain() {
    List<Request> seen = new ArrayList<>(requests);
    requests.removeAll(seen);
    return seen;
  }

  /** How many of {@code seen} each operation accounts for, sorted by name. */
  static Map<String, Integer> byOperation(List<Request> seen) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Request request : seen) {
      counts.merge(request.operation(), 1, Integer::sum);
    }
    return counts;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getHost(), target.getPort());
        sockets.add(client);
        sockets.add(upstream);
        start(() -> relayRequests(client, upstream), "counting-s3-proxy-requests");
        start(() -> pipe(upstream, client), "counting-s3-proxy-responses");
      } catch (IOException e) {
        if (!closed) {
          // a failed upstream connection: the client sees its connection closed and retries
          continue;
        }
        return;
      }
    }
  }

  private static void start(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Reads request after request from the client, records each and forwards it whole. */
  private void relayRequests(Socket client, Socket upstream) {
    try (client; upstream) {
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        long length = 0;
        boolean chunked = false;
        boolean copy = false;
        for (int i = 1; i < lines.length; i++) {
          int colon = lines[i].indexOf(':');
          if (colon < 0) {
            continue;
          }
          String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = lines[i].substring(colon + 1).trim();
          switch (name) {
            case "content-length" -> length = Long.parseLong(value);
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "x-amz-copy-source" -> copy = true;
            default -> { }
          }
        }
        String uri = requestLine[1];
        int question = uri.indexOf('?');
        requests.add(new Request(requestLine[0], question < 0 ? uri : uri.substring(0, question),
            question < 0 ? "" : uri.substring(question + 1), copy));
        out.write(head);
        out.flush();
        if (chunked) {
          relayChunks(in, out);
        } else {
          copy(in, out, length);
        }
        out.flush();
      }
    } catch (IOException e) {
      // a connection closed by either side
    }
  }

  /** The request line and headers up to and including the blank line; null at the end of the stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (last4 != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    return head.toByteArray();
  }

  private static void relayChunks(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = readLine(in);
      out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int semicolon = sizeLine.indexOf(';');
      long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        // trailers up to the blank line
        while (true) {
          String trailer = readLine(in);
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          if (trailer.isEmpty()) {
            return;
          }
        }
      }
      copy(in, out, size);
      String end = readLine(in);
      out.write((end + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the stream ended within a chunked body");
      }
      if (b == '\n') {
        int last = line.length() - 1;
        return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
      }
      line.append((char) b);
    }
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the stream ended within a body");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // a connection closed by either side
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
