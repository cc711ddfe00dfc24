import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver for the tus server benchmarks (run by bench/run.sh as a single-file program: java bench/TusBench.java).
 * Speaks raw HTTP/1.1 over sockets so the driver itself stays far above the server (its ceiling is measured against
 * the built-in discard sink).
 *
 * <pre>
 * java TusBench.java sink [DIR]                # serve a sink on an ephemeral port, print the port; with DIR it
 *                                              # writes each body to a file there (receive + store, no protocol)
 * java TusBench.java single PORT PATH BYTES    # one upload of BYTES in one PATCH; prints MB/s
 * java TusBench.java many PORT PATH N SIZE C   # N uploads of SIZE bytes from C concurrent clients
 * java TusBench.java head PORT PATH COUNT      # COUNT sequential HEADs on one keep-alive connection; p50/p99
 * java TusBench.java heads PORT PATH C SECONDS  # HEAD on one upload from C keep-alive connections; rate, p50/p99
 * java TusBench.java small PORT PATH C SECONDS [WARMUP]
 *                                              # POST (1 KiB) + one 1 KiB PATCH from C keep-alive connections,
 *                                              # measured after WARMUP unmeasured seconds on the same connections
 * java TusBench.java chunked PORT PATH N SIZE CHUNK C  # N uploads of SIZE in CHUNK PATCHes, C clients; p99/request
 * java TusBench.java trickle PORT PATH N SECONDS PID [READYZ_PATH]
 *                                              # N uploads sending one byte every 5 s; HEAD/POST/readyz latency
 *                                              # from another client, server threads and RSS (PID), then each
 *                                              # upload is finished and its offset checked
 * </pre>
 */
public final class TusBench {
  private static final int BUFFER = 1 << 20;
  /**
   * The bytes every PATCH sends, shared read-only by all client threads: a driver that allocated (and filled) a
   * body buffer per request spent its CPU in the allocator and garbage collector (1 MiB arrays are humongous in G1),
   * which stalled its own threads for seconds under 256 clients and showed up as the server's latency.
   */
  private static final byte[] BODY = filled(BUFFER);
  /** Bytes per socket write: the JDK copies each write through a per-thread temporary direct buffer this size. */
  private static final int WRITE_SLICE = 256 * 1024;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "sink" -> sink(args.length > 1 ? java.nio.file.Path.of(args[1]) : null);
      case "single" -> single(Integer.parseInt(args[1]), args[2], Long.parseLong(args[3]));
      case "many" -> many(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]),
          Integer.parseInt(args[5]));
      case "head" -> head(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]));
      case "heads" -> heads(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
          Integer.parseInt(args[4]));
      case "small" -> small(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), args.length > 5 ? Integer.parseInt(args[5]) : 0);
      case "chunked" -> chunked(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
          Long.parseLong(args[4]), Long.parseLong(args[5]), Integer.parseInt(args[6]));
      case "trickle" -> trickle(Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Long.parseLong(args[5]), args.length > 6 ? args[6] : "/readyz");
      default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
  }

  /**
   * A trivial HTTP server that answers POST with a Location and discards PATCH bodies, or, with a directory, writes
   * them to a new file there through a direct buffer: the least work that receives and stores the same bytes.
   */
  static void sink(java.nio.file.Path dir) throws IOException {
    java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
    System.out.flush();
    ExecutorService pool = Executors.newCachedThreadPool();
    while (true) {
      Socket socket = server.accept().socket();
      pool.submit(() -> {
        try (socket) {
          InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
          OutputStream out = socket.getOutputStream();
          byte[] discard = new byte[BUFFER];
          while (true) {
            List<String> head = readHead(in);
            if (head == null) {
              return null;
            }
            long length = contentLength(head);
            if (dir != null && length > 0) {
              store(socket, in, length, dir);
              length = 0;
            }
            while (length > 0) {
              int n = in.read(discard, 0, (int) Math.min(discard.length, length));
              if (n < 0) {
                return null;
              }
              length -= n;
            }
            String response = head.get(0).startsWith("POST")
                ? "HTTP/1.1 201 Created\r\nLocation: /sink/x\r\nContent-Length: 0\r\n\r\n"
                : head.get(0).startsWith("HEAD")
                ? "HTTP/1.1 200 OK\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nUpload-Length: 10\r\n"
                    + "Cache-Control: no-store\r\n\r\n"
                : "HTTP/1.1 204 No Content\r\nUpload-Offset: 0\r\n\r\n";
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        }
      });
    }
  }

  /** Copies the body to a new file: what is already buffered, then socket channel to file via a direct buffer. */
  private static void store(Socket socket, InputStream buffered, long length, java.nio.file.Path dir)
      throws IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile(dir, "sink-", ".bin");
    try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(128 * 1024);
      int early = (int) Math.min(buffered.available(), length);
      byte[] head = buffered.readNBytes(early);
      out.write(java.nio.ByteBuffer.wrap(head));
      long remaining = length - early;
      java.nio.channels.ReadableByteChannel source = socket.getChannel();
      while (remaining > 0) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
        int n = source.read(buffer);
        if (n < 0) {
          throw new IOException("body ended early");
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        remaining -= n;
      }
    }
  }

  static void single(int port, String path, long bytes) throws IOException {
    try (Socket socket = connect(port)) {
      String upload = create(socket, path, bytes);
      long start = System.nanoTime();
      int status = patch(socket, upload, 0, bytes);
      double seconds = (System.nanoTime() - start) / 1e9;
      check(status == 204, "PATCH answered " + status);
      System.out.printf(Locale.ROOT, "single: %d bytes in %.2f s = %.0f MB/s%n", bytes, seconds,
          bytes / seconds / 1e6);
    }
  }

  static void many(int port, String path, int uploads, long size, int clients) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(() -> {
        while (next.getAndIncrement() < uploads) {
          try (Socket socket = connect(port)) {
            String upload = create(socket, path, size);
            int status = patch(socket, upload, 0, size);
            if (status == 204) {
              done.addAndGet(size);
            } else {
              errors.incrementAndGet();
            }
          } catch (IOException e) {
            errors.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "many: %d uploads x %d bytes, %d clients: %.2f s, %.0f MB/s, %d errors%n",
        uploads, size, clients, seconds, done.get() / seconds / 1e6, errors.get());
    check(errors.get() == 0, errors.get() + " uploads failed");
  }

  static void head(int port, String path, int count) throws IOException {
    try (Socket socket = connect(port)) {
      String upload = create(socket, path, 10);
      long[] nanos = new long[count];
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] request = ("HEAD " + upload + " HTTP/1.1\r\nHost: bench\r\nTus-Resumable: 1.0.0\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        out.write(request);
        out.flush();
        List<String> head = readHead(in);
        nanos[i] = System.nanoTime() - start;
        check(head != null && statusOf(head) == 200, "HEAD failed: " + head);
      }
      Arrays.sort(nanos);
      System.out.printf(Locale.ROOT, "head: %d requests, p50 %.3f ms, p99 %.3f ms%n", count,
          nanos[count / 2] / 1e6, nanos[count * 99 / 100] / 1e6);
    }
  }

  static void heads(int port, String path, int clients, int seconds) throws Exception {
    String upload;
    try (Socket socket = connect(port)) {
      upload = create(socket, path, 10);
    }
    byte[] request = ("HEAD " + upload + " HTTP/1.1\r\nHost: bench\r\nTus-Resumable: 1.0.0\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    Latencies latencies = new Latencies();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    runClients(clients, () -> {
      try (Socket socket = connect(port)) {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          out.write(request);
          out.flush();
          List<String> head = readHead(in);
          check(head != null && statusOf(head) == 200, "HEAD failed: " + head);
          latencies.add(System.nanoTime() - start);
        }
      }
      return null;
    });
    System.out.printf(Locale.ROOT, "heads: %d clients, %.0f HEAD/s, p50 %.3f ms, p99 %.3f ms%n", clients,
        latencies.count() / (double) seconds, latencies.percentile(50), latencies.percentile(99));
  }

  /**
   * POST + one 1 KiB PATCH in a loop on each of C keep-alive connections. The first WARMUP seconds (0: none) run the
   * same loop unmeasured, on the same connections and in the same driver process, so that the measured seconds find
   * both the server and this driver compiled; the warm-up's rate is printed too, as the cold figure.
   */
  static void small(int port, String path, int clients, int seconds, int warmup) throws Exception {
    AtomicInteger errors = new AtomicInteger();
    AtomicLong cold = new AtomicLong();
    AtomicLong uploads = new AtomicLong();
    long start = System.nanoTime();
    long measured = start + warmup * 1_000_000_000L;
    long end = measured + seconds * 1_000_000_000L;
    runClients(clients, () -> {
      try (Socket socket = connect(port)) {
        for (long now = start; now < end; now = System.nanoTime()) {
          String upload = create(socket, path, 1024);
          if (patch(socket, upload, 0, 1024) != 204) {
            errors.incrementAndGet();
          } else if (now < measured) {
            cold.incrementAndGet();
          } else {
            uploads.incrementAndGet();
          }
        }
      }
      return null;
    });
    double elapsed = (System.nanoTime() - measured) / 1e9;
    System.out.printf(Locale.ROOT, "small: %d connections, %.0f uploads/s (POST + 1 KiB PATCH), %d errors",
        clients, uploads.get() / elapsed, errors.get());
    System.out.printf(Locale.ROOT, warmup > 0 ? "; first %d s unmeasured: %.0f uploads/s%n" : "%n", warmup,
        cold.get() / (double) warmup);
  }

  static void chunked(int port, String path, int uploads, long size, long chunk, int clients) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    Latencies latencies = new Latencies();
    Latencies posts = new Latencies();
    long start = System.nanoTime();
    runClients(clients, () -> {
      while (next.getAndIncrement() < uploads) {
        try (Socket socket = connect(port)) {
          long created = System.nanoTime();
          String upload = create(socket, path, size);
          posts.add(System.nanoTime() - created);
          for (long offset = 0; offset < size; offset += chunk) {
            long t = System.nanoTime();
            int status = patch(socket, upload, offset, Math.min(chunk, size - offset));
            latencies.add(System.nanoTime() - t);
            if (status != 204) {
              errors.incrementAndGet();
              break;
            }
          }
        } catch (IOException e) {
          errors.incrementAndGet();
        }
      }
      return null;
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "chunked: %d uploads x %d bytes in %d-byte PATCHes, %d clients: %.2f s, "
        + "%.0f MB/s, PATCH p50 %.1f ms p99 %.1f ms mean %.1f ms, POST p50 %.1f ms p99 %.1f ms, "
        + "all requests p99 %.1f ms, %d errors%n",
        uploads, size, chunk, clients, seconds, uploads * (double) size / seconds / 1e6, latencies.percentile(50),
        latencies.percentile(99), latencies.mean(), posts.percentile(50), posts.percentile(99),
        Latencies.merged(latencies, posts).percentile(99), errors.get());
  }

  /**
   * N uploads whose clients each send one byte every 5 s over SECONDS (one thread drives all their sockets), while
   * another client measures HEAD, POST and readiness latency every 100 ms; then every upload is finished.
   */
  static void trickle(int port, String path, int n, int seconds, long pid, String readyz) throws Exception {
    int bytesEach = seconds / 5 + 1;
    List<String> uploads = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    runClients(16, () -> {
      try (Socket socket = connect(port)) {
        while (next.getAndIncrement() < n) {
          uploads.add(create(socket, path, bytesEach + 1));
        }
      }
      return null;
    });
    List<java.nio.channels.SocketChannel> channels = new ArrayList<>();
    for (String upload : uploads) {
      java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
          new InetSocketAddress("127.0.0.1", port));
      channel.write(java.nio.ByteBuffer.wrap(("PATCH " + upload + " HTTP/1.1\r\nHost: bench\r\n"
          + "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
          + "Content-Length: " + (bytesEach + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
      channels.add(channel);
    }
    Latencies head = new Latencies();
    Latencies post = new Latencies();
    Latencies ready = new Latencies();
    AtomicInteger probeErrors = new AtomicInteger();
    AtomicLong maxThreads = new AtomicLong();
    AtomicLong maxRssKib = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Thread probe = new Thread(() -> {
      while (System.nanoTime() < end) {
        try (Socket socket = connect(port)) {
          socket.setSoTimeout(10_000);
          InputStream in = new BufferedInputStream(socket.getInputStream());
          OutputStream out = socket.getOutputStream();
          while (System.nanoTime() < end) {
            head.add(timed(in, out, "HEAD " + uploads.get(0) + " HTTP/1.1\r\nHost: b\r\nTus-Resumable: 1.0.0\r\n\r\n",
                200, probeErrors));
            post.add(timed(in, out, "POST " + path + " HTTP/1.1\r\nHost: b\r\nTus-Resumable: 1.0.0\r\n"
                + "Upload-Length: 1\r\nContent-Length: 0\r\n\r\n", 201, probeErrors));
            ready.add(timed(in, out, "GET " + readyz + " HTTP/1.1\r\nHost: b\r\n\r\n", 200, probeErrors));
            sample(pid, maxThreads, maxRssKib);
            Thread.sleep(100);
          }
        } catch (IOException e) {
          probeErrors.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    probe.start();
    java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
    int sendErrors = 0;
    for (int round = 0; round < bytesEach; round++) {
      long roundStart = System.nanoTime();
      for (java.nio.channels.SocketChannel channel : channels) {
        one.clear();
        one.put((byte) 'x').flip();
        try {
          channel.write(one);
        } catch (IOException e) {
          sendErrors++;
        }
      }
      long wait = 5_000_000_000L - (System.nanoTime() - roundStart);
      if (round < bytesEach - 1 && wait > 0) {
        Thread.sleep(wait / 1_000_000);
      }
    }
    probe.join();
    int finished = 0;
    for (java.nio.channels.SocketChannel channel : channels) {
      one.clear();
      one.put((byte) 'x').flip();
      try {
        channel.write(one);
        Socket socket = channel.socket();
        socket.setSoTimeout(30_000);
        List<String> response = readHead(socket.getInputStream());
        if (response != null && statusOf(response) == 204) {
          finished++;
        }
      } catch (IOException e) {
        sendErrors++;
      } finally {
        channel.close();
      }
    }
    System.out.printf(Locale.ROOT, "trickle: %d uploads x %d bytes over %d s; HEAD p50 %.1f p99 %.1f ms, POST p50 %.1f "
        + "p99 %.1f ms, readyz p50 %.1f p99 %.1f ms; %d probe errors, %d send errors; server max %d threads, "
        + "max RSS %d MiB; %d of %d finished with 204%n", uploads.size(), bytesEach + 1, seconds,
        head.percentile(50), head.percentile(99), post.percentile(50), post.percentile(99), ready.percentile(50),
        ready.percentile(99), probeErrors.get(), sendErrors, maxThreads.get(), maxRssKib.get() / 1024, finished,
        uploads.size());
  }

  private static long timed(InputStream in, OutputStream out, String request, int expect, AtomicInteger errors)
      throws IOException {
    long start = System.nanoTime();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    List<String> head = readHead(in);
    if (head == null || statusOf(head) != expect) {
      errors.incrementAndGet();
    } else if (!request.startsWith("HEAD")) {
      skipBody(in, head);
    }
    return System.nanoTime() - start;
  }

  /** Records the maximum thread count and RSS of process {@code pid} seen so far (Linux /proc). */
  private static void sample(long pid, AtomicLong maxThreads, AtomicLong maxRssKib) {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          maxThreads.accumulateAndGet(Long.parseLong(line.substring(8).trim()), Math::max);
        } else if (line.startsWith("VmRSS:")) {
          maxRssKib.accumulateAndGet(Long.parseLong(line.replaceAll("[^0-9]", "")), Math::max);
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone or not Linux: leave the figures as they are
    }
  }

  /** Runs {@code task} on {@code clients} threads at once and waits for all. */
  private static void runClients(int clients, java.util.concurrent.Callable<Void> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(task));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    pool.shutdown();
  }

  /** Request latencies, thread-safe. */
  private static final class Latencies {
    private final List<Long> nanos = java.util.Collections.synchronizedList(new ArrayList<>());

    void add(long value) {
      nanos.add(value);
    }

    int count() {
      return nanos.size();
    }

    /** Every latency of {@code parts} together. */
    static Latencies merged(Latencies... parts) {
      Latencies all = new Latencies();
      for (Latencies part : parts) {
        synchronized (part.nanos) {
          all.nanos.addAll(part.nanos);
        }
      }
      return all;
    }

    double mean() {
      synchronized (nanos) {
        return nanos.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6;
      }
    }

    double percentile(int p) {
      synchronized (nanos) {
        if (nanos.isEmpty()) {
          return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
      }
    }
  }

  private static byte[] filled(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(120_000);
    return socket;
  }

  private static String create(Socket socket, String path, long length) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: bench\r\nTus-Resumable: 1.0.0\r\nUpload-Length: " + length
        + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    List<String> head = readHead(socket.getInputStream());
    check(head != null && statusOf(head) == 201, "POST failed: " + head);
    skipBody(socket.getInputStream(), head);
    for (String line : head) {
      if (line.toLowerCase(Locale.ROOT).startsWith("location:")) {
        String location = line.substring(9).trim();
        int scheme = location.indexOf("://");
        return scheme < 0 ? location : location.substring(location.indexOf('/', scheme + 3));
      }
    }
    throw new IOException("no Location");
  }

  private static int patch(Socket socket, String upload, long offset, long length) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(("PATCH " + upload + " HTTP/1.1\r\nHost: bench\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: " + offset
        + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " + length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    long remaining = length;
    while (remaining > 0) {
      int n = (int) Math.min(WRITE_SLICE, remaining);
      out.write(BODY, 0, n);
      remaining -= n;
    }
    out.flush();
    List<String> head = readHead(socket.getInputStream());
    check(head != null, "no response to PATCH");
    skipBody(socket.getInputStream(), head);
    return statusOf(head);
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        line.reset();
        if (text.isEmpty()) {
          return lines;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
    return null;
  }

  /** The status code of a response head (peers may omit the reason phrase). */
  private static int statusOf(List<String> head) {
    return Integer.parseInt(head.get(0).split(" ")[1].trim());
  }

  /** Reads and drops a response body, by Content-Length or chunked (node answers chunked). */
  private static void skipBody(InputStream in, List<String> head) throws IOException {
    for (String line : head) {
      if (line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && line.toLowerCase(Locale.ROOT)
          .contains("chunked")) {
        while (true) {
          ByteArrayOutputStream size = new ByteArrayOutputStream();
          int b;
          while ((b = in.read()) != '\n') {
            if (b < 0) {
              throw new IOException("chunked body ended early");
            }
            size.write(b);
          }
          int length = Integer.parseInt(size.toString(StandardCharsets.ISO_8859_1).trim().split(";")[0], 16);
          in.readNBytes(length + 2);
          if (length == 0) {
            return;
          }
        }
      }
    }
    in.readNBytes((int) contentLength(head));
  }

  private static long contentLength(List<String> head) {
    for (String line : head) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(15).trim());
      }
    }
    return 0;
  }

  private static void check(boolean condition, String message) throws IOException {
    if (!condition) {
      throw new IOException(message);
    }
  }
}
