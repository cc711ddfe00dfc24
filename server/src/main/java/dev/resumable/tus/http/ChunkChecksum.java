package dev.resumable.tus.http;

import dev.resumable.tus.store.ChecksumMismatchException;
import dev.resumable.tus.store.ChunkVerifier;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * The checksum a client declared for one chunk, from the {@code Upload-Checksum} header or, with
 * {@code Trailer: Upload-Checksum}, from the chunked body's trailer (checksum-trailer). Digests are computed while the
 * chunk streams through; {@link #verify()} runs once the body ended.
 *
 * <p>With a trailer the algorithm is unknown until the end, so every supported digest is computed; that costs CPU
 * only for the requests that ask for it.
 */
final class ChunkChecksum implements ChunkVerifier {
  private final HttpServerExchange exchange;
  private final Map<ChecksumAlgorithm, MessageDigest> digests = new EnumMap<>(ChecksumAlgorithm.class);
  private final Declared declared;

  private ChunkChecksum(HttpServerExchange exchange, Declared declared) {
    this.exchange = exchange;
    this.declared = declared;
    if (declared != null) {
      digests.put(declared.algorithm, declared.algorithm.newDigest());
    } else {
      for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
        digests.put(algorithm, algorithm.newDigest());
      }
    }
  }

  /** The checksum of this request, or null when the client declared none. Malformed declarations are a 400. */
  static ChunkChecksum of(HttpServerExchange exchange) {
    String header = TusHeaders.single(exchange, TusHeaders.UPLOAD_CHECKSUM);
    boolean trailer = announcesTrailer(exchange);
    if (header != null && trailer) {
      throw TusException.badRequest("Upload-Checksum must be sent either as a header or as a trailer, not both");
    }
    if (header != null) {
      return new ChunkChecksum(exchange, Declared.parse(header));
    }
    return trailer ? new ChunkChecksum(exchange, null) : null;
  }

  private static boolean announcesTrailer(HttpServerExchange exchange) {
    var values = exchange.getRequestHeaders().get(Headers.TRAILER);
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String name : value.split(",")) {
        if (name.trim().equalsIgnoreCase(TusHeaders.UPLOAD_CHECKSUM.toString())) {
          return true;
        }
      }
    }
    return false;
  }

  void update(java.nio.ByteBuffer bytes) {
    for (MessageDigest digest : digests.values()) {
      digest.update(bytes.duplicate());
    }
  }

  void update(byte[] buffer, int offset, int length) {
    for (MessageDigest digest : digests.values()) {
      digest.update(buffer, offset, length);
    }
  }

  @Override
  public void verify() throws IOException {
    Declared expected = declared;
    if (expected == null) {
      HeaderMap trailers = exchange.getAttachment(HttpAttachments.REQUEST_TRAILERS);
      String value = trailers == null ? null : trailers.getFirst(TusHeaders.UPLOAD_CHECKSUM);
      if (value == null) {
        throw new InvalidChecksumException("the announced Upload-Checksum trailer is missing");
      }
      try {
        expected = Declared.parse(value.trim());
      } catch (TusException e) {
        throw new InvalidChecksumException(e.getMessage());
      }
    }
    byte[] actual = digests.get(expected.algorithm).digest();
    if (!MessageDigest.isEqual(actual, expected.value)) {
      throw new ChecksumMismatchException("checksum mismatch");
    }
  }

  /**
   * A parsed {@code <algorithm> <base64>} value: exactly one space, the algorithm's lower-case tus name, and the
   * digest in padded canonical base64 of the algorithm's length; anything else is a 400. Undertow's HTTP/1.1 parser
   * folds runs of spaces and tabs inside a header value into one space before any handler runs, so over HTTP/1.1
   * {@code "sha1  <digest>"} in a header reaches this parser as {@code "sha1 <digest>"}; in a trailer and over
   * HTTP/2 the value arrives unchanged and extra whitespace is refused.
   */
  private static final class Declared {
    final ChecksumAlgorithm algorithm;
    final byte[] value;

    private Declared(ChecksumAlgorithm algorithm, byte[] value) {
      this.algorithm = algorithm;
      this.value = value;
    }

    static Declared parse(String raw) {
      String[] parts = raw.split(" ", -1);
      if (parts.length != 2) {
        throw TusException.badRequest("Upload-Checksum must be '<algorithm> <base64 digest>'");
      }
      ChecksumAlgorithm algorithm = ChecksumAlgorithm.byName(parts[0]);
      if (algorithm == null) {
        throw TusException.badRequest("unsupported checksum algorithm '" + parts[0] + "'; supported: "
            + ChecksumAlgorithm.ADVERTISED);
      }
      byte[] value;
      try {
        value = Base64.getDecoder().decode(parts[1]);
      } catch (IllegalArgumentException e) {
        throw TusException.badRequest("Upload-Checksum digest is not valid base64");
      }
      if (!Base64.getEncoder().encodeToString(value).equals(parts[1])) {
        throw TusException.badRequest("Upload-Checksum digest must be padded, canonical base64");
      }
      if (value.length != algorithm.digestLength()) {
        throw TusException.badRequest("Upload-Checksum digest has the wrong length for " + algorithm.tusName());
      }
      return new Declared(algorithm, value);
    }
  }

  /** The trailer that should carry the checksum is missing or malformed: a 400, and the chunk is discarded. */
  static final class InvalidChecksumException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidChecksumException(String message) {
      super(message);
    }
  }
}
