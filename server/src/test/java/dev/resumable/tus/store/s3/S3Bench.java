package dev.resumable.tus.store.s3;

import dev.resumable.tus.http.TusHandler;
import dev.resumable.tus.server.TusServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Benchmark (not a test): upload throughput of tus (one PATCH to a server on the S3 store) compared, in the same run
 * and against the same S3Proxy on loopback, with the AWS SDK doing a plain multipart upload of the same bytes with
 * the same part size and concurrency. Arguments: total MiB (default 1024), part MiB (default 50), rounds (3).
 */
public final class S3Bench {
  private static final int MIB = 1 << 20;

  private S3Bench() {
  }

  public static void main(String[] args) throws Exception {
    long total = (args.length > 0 ? Long.parseLong(args[0]) : 1024) * MIB;
    int partSize = (args.length > 1 ? Integer.parseInt(args[1]) : 50) * MIB;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int concurrency = 10;
    byte[] pattern = new byte[64 * MIB];
    new Random(1).nextBytes(pattern);
    LocalS3 s3 = LocalS3.shared();
    String bucket = s3.newBucket();
    Path temp = Files.createTempDirectory("s3-bench-");
    S3Store store = s3.store(bucket, b -> b.partSize(partSize).concurrentPartUploads(concurrency)
        .maxBufferedParts(20).tempDir(temp));
    TusHandler handler = TusHandler.builder().store(store).build();
    TusServer server = TusServer.builder().host("127.0.0.1").port(0).handler(handler).start();
    String endpoint = "http://127.0.0.1:" + server.port() + "/files/";
    List<Double> tus = new ArrayList<>();
    List<Double> sdk = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      sdk.add(rawSdk(s3.client(), bucket, "raw-" + round, pattern, total, partSize, concurrency));
      tus.add(viaTus(endpoint, pattern, total));
    }
    tus.sort(null);
    sdk.sort(null);
    double tusMedian = tus.get(tus.size() / 2);
    double sdkMedian = sdk.get(sdk.size() / 2);
    System.out.printf("S3 upload benchmark: %d MiB, %d MiB parts, %d concurrent part uploads, %d rounds, "
        + "S3Proxy (filesystem) on loopback%n", total / MIB, partSize / MIB, concurrency, rounds);
    System.out.printf("raw AWS SDK multipart upload: median %.0f MiB/s (all: %s)%n", sdkMedian, format(sdk));
    System.out.printf("tus PATCH via S3 store:       median %.0f MiB/s (all: %s)%n", tusMedian, format(tus));
    System.out.printf("ratio tus / raw SDK:          %.2f%n", tusMedian / sdkMedian);
    server.close();
    handler.close();
    store.close();
    System.exit(0);
  }

  private static String format(List<Double> values) {
    StringBuilder s = new StringBuilder();
    for (double v : values) {
      s.append(s.length() > 0 ? ", " : "").append(String.format("%.0f", v));
    }
    return s.toString();
  }

  private static InputStream source(byte[] pattern, long total) {
    return new InputStream() {
      private long pos;

      @Override
      public int read() {
        return pos < total ? pattern[(int) (pos++ % pattern.length)] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= total) {
          return -1;
        }
        int at = (int) (pos % pattern.length);
        int n = (int) Math.min(Math.min(len, total - pos), pattern.length - at);
        System.arraycopy(pattern, at, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  private static double rawSdk(S3Client client, String bucket, String key, byte[] pattern, long total,
      int partSize, int concurrency) throws Exception {
    long start = System.nanoTime();
    String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<CompletedPart>> parts = new ArrayList<>();
    InputStream in = source(pattern, total);
    int number = 1;
    while (true) {
      byte[] part = in.readNBytes(partSize);
      if (part.length == 0) {
        break;
      }
      int n = number++;
      parts.add(pool.submit(() -> CompletedPart.builder().partNumber(n).eTag(client.uploadPart(b -> b
          .bucket(bucket).key(key).uploadId(uploadId).partNumber(n), RequestBody.fromBytes(part)).eTag()).build()));
    }
    List<CompletedPart> completed = new ArrayList<>();
    for (Future<CompletedPart> f : parts) {
      completed.add(f.get());
    }
    client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(completed)));
    pool.shutdown();
    return total / (double) MIB / ((System.nanoTime() - start) / 1e9);
  }

  private static double viaTus(String endpoint, byte[] pattern, long total) throws Exception {
    long start = System.nanoTime();
    HttpURLConnection create = (HttpURLConnection) new URL(endpoint).openConnection();
    create.setRequestMethod("POST");
    create.setRequestProperty("Tus-Resumable", "1.0.0");
    create.setRequestProperty("Upload-Length", Long.toString(total));
    String location = create.getHeaderField("Location");
    HttpURLConnection patch = (HttpURLConnection) new URL(location).openConnection();
    patch.setRequestMethod("POST");
    patch.setRequestProperty("X-HTTP-Method-Override", "PATCH");
    patch.setRequestProperty("Tus-Resumable", "1.0.0");
    patch.setRequestProperty("Upload-Offset", "0");
    patch.setRequestProperty("Content-Type", "application/offset+octet-stream");
    patch.setDoOutput(true);
    patch.setFixedLengthStreamingMode(total);
    try (OutputStream out = patch.getOutputStream()) {
      source(pattern, total).transferTo(out);
    }
    if (patch.getResponseCode() != 204) {
      throw new IllegalStateException("PATCH failed: " + patch.getResponseCode());
    }
    return total / (double) MIB / ((System.nanoTime() - start) / 1e9);
  }
}
