package dev.resumable.tus.http;

import dev.resumable.tus.store.UploadInfo;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET: streams a finished upload, honouring a single {@code Range}, without holding a thread while the client does
 * not read ({@link DownloadPump}). The content type and file name come from the
 * {@code filetype} and {@code filename} metadata, sanitised: only types on a safe list are shown inline, everything
 * else is an attachment, and responses forbid sniffing and scripting, so an uploaded HTML page never runs in the
 * server's origin.
 */
final class DownloadRequest {
  private static final Set<String> INLINE_TYPES = Set.of(
      "text/plain", "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
      "audio/mpeg", "audio/mp4", "audio/ogg", "audio/webm", "audio/wav", "audio/wave", "audio/x-wav", "audio/flac",
      "video/mp4", "video/webm", "video/ogg", "application/pdf");
  private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  private final TusContext context;
  /** Downloads sending now, so a shutdown can end them. */
  private final Set<DownloadPump> active = ConcurrentHashMap.newKeySet();

  DownloadRequest(TusContext context) {
    this.context = context;
  }

  void handle(HttpServerExchange exchange, String id) throws IOException {
    UploadInfo info = context.settleFinal(exchange, context.access(exchange, context.findLive(id)));
    if (!info.isComplete()) {
      throw new TusException(409, "the upload is not finished yet");
    }
    long size = info.size();
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    headers.put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    headers.put(Headers.CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox");
    describe(info, headers);

    long start = 0;
    long end = size - 1;
    String range = exchange.getRequestHeaders().getFirst(Headers.RANGE);
    int status = 200;
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
        long[] bounds = bounds(m.group(1), m.group(2), size);
        if (bounds == null) {
          headers.put(Headers.CONTENT_RANGE, "bytes */" + size);
          throw new TusException(416, "range not satisfiable");
        }
        start = bounds[0];
        end = bounds[1];
        status = 206;
        headers.put(Headers.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
      }
    }
    long length = size == 0 ? 0 : end - start + 1;
    headers.put(Headers.CONTENT_LENGTH, length);
    exchange.setStatusCode(status);
    if (length == 0) {
      return;
    }
    if (!exchange.isRequestComplete()) {
      // a GET with a body: not read, so the connection is not reused
      exchange.setPersistent(false);
    }
    DownloadPump pump = new DownloadPump(exchange, context.downloader.open(id, start, length), length,
        context.storePool, active);
    pump.prefetch();
    exchange.dispatch(SameThreadExecutor.INSTANCE, pump::start);
  }

  /** Ends every download still running (shutdown after its timeout): their connections are closed. */
  void interrupt() {
    for (DownloadPump pump : active) {
      pump.abort();
    }
  }

  /** Inclusive bounds of a single range, or null when it cannot be satisfied. */
  private static long[] bounds(String first, String last, long size) {
    try {
      if (first.isEmpty()) {
        long suffix = Long.parseLong(last);
        if (suffix == 0 || size == 0) {
          return null;
        }
        return new long[] {Math.max(0, size - suffix), size - 1};
      }
      long start = Long.parseLong(first);
      long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
      if (start >= size || end < start) {
        return null;
      }
      return new long[] {start, end};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void describe(UploadInfo info, io.undertow.util.HeaderMap headers) {
    String type = info.metadata().getOrDefault("filetype", "").trim().toLowerCase(Locale.ROOT);
    boolean wellFormed = MEDIA_TYPE.matcher(type).matches();
    boolean inline = wellFormed && INLINE_TYPES.contains(type);
    headers.put(Headers.CONTENT_TYPE, wellFormed ? type : "application/octet-stream");
    String disposition = inline ? "inline" : "attachment";
    String name = info.metadata().get("filename");
    if (name != null) {
      int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
      name = name.substring(slash + 1).trim();
    }
    if (name != null && !name.isEmpty()) {
      String ascii = name.replaceAll("[^A-Za-z0-9 ._()\\-]", "_");
      String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
      disposition += "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
    headers.put(Headers.CONTENT_DISPOSITION, disposition);
  }
}
