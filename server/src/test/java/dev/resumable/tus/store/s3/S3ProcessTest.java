package dev.resumable.tus.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code tus-server} on S3 in a child JVM: a large upload on a small heap, and a crash mid-part. */
class S3ProcessTest {
  private static final int MIB = 1 << 20;

  @TempDir
  Path temp;

  /** Deterministic pseudo-random bytes, generated while streamed (nothing held in memory). */
  private static final class Source extends InputStream {
    private final Random random;
    private long remaining;

    Source(long seed, long length) {
      this.random = new Random(seed);
      this.remaining = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining <= 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, remaining), 64 * 1024);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      remaining -= n;
      return n;
    }
  }

  private static String create(String endpoint, long length) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(endpoint).openConnection();
    c.setRequestMethod("POST");
    c.setRequestProperty("Tus-Resumable", "1.0.0");
    c.setRequestProperty("Upload-Length", Long.toString(length));
    assertThat(c.getResponseCode()).isEqualTo(201);
    return c.getHeaderField("Location");
  }

  /** Starts a PATCH streaming {@code length} bytes of {@code source}; returns the open connection. */
  private static HttpURLConnection patch(String url, long offset, InputStream source, long length, long stopAfter)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestMethod("POST");
    c.setRequestProperty("X-HTTP-Method-Override", "PATCH");
    c.setRequestProperty("Tus-Resumable", "1.0.0");
    c.setRequestProperty("Upload-Offset", Long.toString(offset));
    c.setRequestProperty("Content-Type", "application/offset+octet-stream");
    c.setDoOutput(true);
    c.setFixedLengthStreamingMode(length);
    c.setReadTimeout(120_000);
    OutputStream out = c.getOutputStream();
    byte[] buffer = new byte[256 * 1024];
    long sent = 0;
    while (sent < stopAfter) {
      int n = source.read(buffer, 0, (int) Math.min(buffer.length, stopAfter - sent));
      out.write(buffer, 0, n);
      sent += n;
    }
    out.flush();
    return c;
  }

  private static long headOffset(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestMethod("HEAD");
    c.setRequestProperty("Tus-Resumable", "1.0.0");
    assertThat(c.getResponseCode()).isEqualTo(200);
    return Long.parseLong(c.getHeaderField("Upload-Offset"));
  }

  private static byte[] sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (DigestInputStream stream = new DigestInputStream(in, digest)) {
      stream.transferTo(OutputStream.nullOutputStream());
    }
    return digest.digest();
  }

  @Test
  @DisplayName("1 GiB in one PATCH through a server with a 96 MiB heap (5 MiB parts), streamed back by GET")
  void largeUploadOnSmallHeap() throws Exception {
    long length = 1L << 30;
    String bucket = LocalS3.shared().newBucket();
    try (ChildServer server = ChildServer.start(bucket, "96m", temp.resolve("server.log"),
        "-s3-max-buffered-parts", "4", "-s3-concurrent-part-uploads", "4")) {
      String url = create(server.endpoint(), length);
      long start = System.nanoTime();
      HttpURLConnection c = patch(url, 0, new Source(42, length), length, length);
      assertThat(c.getResponseCode()).as(Files.readString(temp.resolve("server.log"))).isEqualTo(204);
      assertThat(c.getHeaderField("Upload-Offset")).isEqualTo(Long.toString(length));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("uploaded 1 GiB in %.1f s (%.0f MiB/s)%n", seconds, 1024 / seconds);
      HttpURLConnection get = (HttpURLConnection) new URL(url).openConnection();
      assertThat(get.getResponseCode()).isEqualTo(200);
      assertThat(sha256(get.getInputStream())).isEqualTo(sha256(new Source(42, length)));
      assertThat(server.isAlive()).isTrue();
    }
    assertThat(Files.readString(temp.resolve("server.log"))).doesNotContain("OutOfMemoryError");
  }

  @Test
  @DisplayName("server killed mid-part: the uploaded parts survive, the client resumes at their end")
  void resumeAfterCrash() throws Exception {
    long length = 14L * MIB;
    String bucket = LocalS3.shared().newBucket();
    Path log = temp.resolve("server.log");
    String path;
    try (ChildServer first = ChildServer.start(bucket, "128m", log)) {
      String url = create(first.endpoint(), length);
      path = new URL(url).getPath();
      Source source = new Source(7, length);
      HttpURLConnection c = patch(url, 0, source, length, 8L * MIB);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (LocalS3.shared().client().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
          .noneMatch(u -> !LocalS3.shared().client().listParts(b -> b.bucket(bucket).key(u.key())
              .uploadId(u.uploadId())).parts().isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      first.kill();
      c.disconnect();
    }
    try (ChildServer second = ChildServer.start(bucket, "128m", log)) {
      String url = "http://127.0.0.1:" + second.port() + path;
      long offset = headOffset(url);
      assertThat(offset).isEqualTo(5L * MIB);
      Source source = new Source(7, length);
      source.skip(offset);
      HttpURLConnection c = patch(url, offset, source, length - offset, length - offset);
      assertThat(c.getResponseCode()).isEqualTo(204);
      HttpURLConnection get = (HttpURLConnection) new URL(url).openConnection();
      assertThat(sha256(get.getInputStream())).isEqualTo(sha256(new Source(7, length)));
    }
  }

  @Test
  @DisplayName("SIGTERM while S3 parts upload: the process exits within the shutdown bound and keeps every byte")
  void sigtermWhilePartsUpload() throws Exception {
    long length = 14L * MIB;
    String bucket = LocalS3.shared().newBucket();
    Path log = temp.resolve("server.log");
    String path;
    try (ChildServer first = ChildServer.start(bucket, "128m", log, "-shutdown-timeout", "2s")) {
      String url = create(first.endpoint(), length);
      path = new URL(url).getPath();
      HttpURLConnection c = patch(url, 0, new Source(11, length), length, 8L * MIB);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (LocalS3.shared().client().listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
          .noneMatch(u -> !LocalS3.shared().client().listParts(b -> b.bucket(bucket).key(u.key())
              .uploadId(u.uploadId())).parts().isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long start = System.nanoTime();
      assertThat(first.terminate(java.time.Duration.ofSeconds(30))).as(Files.readString(log)).isZero();
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("shutdown with a 2 s timeout")
          .isLessThan(java.time.Duration.ofSeconds(15));
      c.disconnect();
    }
    try (ChildServer second = ChildServer.start(bucket, "128m", log)) {
      String url = "http://127.0.0.1:" + second.port() + path;
      assertThat(headOffset(url)).as("every byte received before SIGTERM was kept").isEqualTo(8L * MIB);
      Source source = new Source(11, length);
      source.skip(8L * MIB);
      HttpURLConnection c = patch(url, 8L * MIB, source, length - 8L * MIB, length - 8L * MIB);
      assertThat(c.getResponseCode()).isEqualTo(204);
      HttpURLConnection get = (HttpURLConnection) new URL(url).openConnection();
      assertThat(sha256(get.getInputStream())).isEqualTo(sha256(new Source(11, length)));
    }
  }
}
