package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp.Response;
import dev.resumable.tus.testing.StoreContract;
import dev.resumable.tus.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tus extensions over real HTTP on loopback, each with the status codes the checklist asks for. */
@StoreContract
class ExtensionsTest extends StoreServerTest {
  private Response patch(String path, long offset, byte[] data) throws IOException {
    return server.request("PATCH", path).tus().header("Upload-Offset", offset)
        .header("Content-Type", "application/offset+octet-stream").body(data).send();
  }

  private static String digest(String algorithm, byte[] data) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(data));
  }

  @Nested
  class DeferLength {
    @Test
    @DisplayName("#25 deferred length: HEAD says Upload-Defer-Length 1 until a PATCH declares it")
    void deferredLengthIsDeclaredLater() throws IOException {
      server = TestServer.start(store, dir);
      Response created = server.request("POST", "/files/").tus().header("Upload-Defer-Length", 1).send();
      assertThat(created.status).isEqualTo(201);
      String upload = TestServer.pathOf(created.header("Location"));
      Response head = server.request("HEAD", upload).tus().send();
      assertThat(head.header("Upload-Defer-Length")).isEqualTo("1");
      assertThat(head.has("Upload-Length")).isFalse();
      assertThat(patch(upload, 0, "abc".getBytes()).header("Upload-Offset")).isEqualTo("3");
      Response declare = server.request("PATCH", upload).tus().header("Upload-Offset", 3)
          .header("Upload-Length", 6).header("Content-Type", "application/offset+octet-stream")
          .body("def").send();
      assertThat(declare.status).isEqualTo(204);
      Response after = server.request("HEAD", upload).tus().send();
      assertThat(after.header("Upload-Length")).isEqualTo("6");
      assertThat(after.has("Upload-Defer-Length")).isFalse();
      assertThat(server.request("GET", upload).send().text()).isEqualTo("abcdef");
    }

    @Test
    @DisplayName("#25 a declared length cannot change, nor be smaller than the offset")
    void declaredLengthIsFixed() throws IOException {
      server = TestServer.start(store, dir);
      String upload = TestServer.pathOf(server.request("POST", "/files/").tus()
          .header("Upload-Defer-Length", 1).send().header("Location"));
      patch(upload, 0, "abcd".getBytes());
      Response smaller = server.request("PATCH", upload).tus().header("Upload-Offset", 4)
          .header("Upload-Length", 2).header("Content-Type", "application/offset+octet-stream").body("").send();
      assertThat(smaller.status).isEqualTo(400);
      server.request("PATCH", upload).tus().header("Upload-Offset", 4).header("Upload-Length", 10)
          .header("Content-Type", "application/offset+octet-stream").body("").send();
      Response changed = server.request("PATCH", upload).tus().header("Upload-Offset", 4)
          .header("Upload-Length", 11).header("Content-Type", "application/offset+octet-stream").body("").send();
      assertThat(changed.status).isEqualTo(400);
    }

    @Test
    @DisplayName("#28 a deferred upload growing past the maximum size: 413")
    void deferredOverMaxIs413() throws IOException {
      server = TestServer.start(store, dir, b -> b.maxSize(5));
      String upload = TestServer.pathOf(server.request("POST", "/files/").tus()
          .header("Upload-Defer-Length", 1).send().header("Location"));
      assertThat(server.request("PATCH", upload).tus().header("Upload-Offset", 0).header("Upload-Length", 6)
          .header("Content-Type", "application/offset+octet-stream").body("").send().status).isEqualTo(413);
      assertThat(patch(upload, 0, "123456".getBytes()).status).isEqualTo(413);
    }
  }

  @Nested
  class CreationWithUpload {
    @Test
    @DisplayName("#32 POST with a body: 201 with Upload-Offset, data stored")
    void creationWithUpload() throws IOException {
      server = TestServer.start(store, dir);
      Response r = server.request("POST", "/files/").tus().header("Upload-Length", 11)
          .header("Content-Type", "application/offset+octet-stream").body("hello world").send();
      assertThat(r.status).isEqualTo(201);
      assertThat(r.header("Upload-Offset")).isEqualTo("11");
      assertThat(server.request("GET", TestServer.pathOf(r.header("Location"))).send().text())
          .isEqualTo("hello world");
    }

    @Test
    @DisplayName("#32 Expect: 100-continue is answered with 100 before the body is sent")
    void expectContinue() throws IOException {
      server = TestServer.start(store, dir);
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /files/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTus-Resumable: 1.0.0\r\n"
            + "Upload-Length: 5\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 5\r\n"
            + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] interim = new byte[25];
        int n = in.readNBytes(interim, 0, "HTTP/1.1 100 Continue\r\n\r\n".length());
        assertThat(new String(interim, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 100");
        out.write("hello".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Response r = Response.read(in, "POST");
        assertThat(r.status).isEqualTo(201);
        assertThat(r.header("Upload-Offset")).isEqualTo("5");
      }
    }

    @Test
    @DisplayName("a refused creation with Expect: 100-continue never asks for the body")
    void refusedCreationSendsNoContinue() throws IOException {
      server = TestServer.start(store, dir, b -> b.maxSize(10));
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("POST /files/ HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\n"
            + "Upload-Length: 50\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 50\r\n"
            + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        Response r = Response.read(socket.getInputStream(), "POST");
        assertThat(r.interim).isEmpty();
        assertThat(r.status).isEqualTo(413);
      }
    }
  }

  @Nested
  class Checksum {
    @ParameterizedTest
    @CsvSource({"md5,MD5", "sha1,SHA-1", "sha256,SHA-256", "sha512,SHA-512"})
    @DisplayName("#38 #39 #42 a matching checksum: 204")
    void matchingChecksum(String name, String jca) throws Exception {
      server = TestServer.start(store, dir);
      String upload = server.create(5);
      Response r = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream")
          .header("Upload-Checksum", name + " " + digest(jca, "hello".getBytes())).body("hello").send();
      assertThat(r.status).isEqualTo(204);
      assertThat(r.header("Upload-Offset")).isEqualTo("5");
    }

    @Test
    @DisplayName("#38 a mismatching checksum: 460, chunk discarded, offset unchanged")
    void mismatchIs460() throws Exception {
      server = TestServer.start(store, dir);
      String upload = server.create(10);
      patch(upload, 0, "abc".getBytes());
      Response r = server.request("PATCH", upload).tus().header("Upload-Offset", 3)
          .header("Content-Type", "application/offset+octet-stream")
          .header("Upload-Checksum", "sha1 " + digest("SHA-1", "other".getBytes())).body("defgh").send();
      assertThat(r.status).isEqualTo(460);
      assertThat(server.request("HEAD", upload).tus().send().header("Upload-Offset")).isEqualTo("3");
      // the content once finished: a store may not read an unfinished upload back (Azure's uncommitted blocks)
      assertThat(server.stored().size(upload)).isEqualTo(3);
      assertThat(patch(upload, 3, "defghij".getBytes()).status).isEqualTo(204);
      assertThat(server.stored().text(upload)).isEqualTo("abcdefghij");
    }

    @Test
    @DisplayName("#38 an unknown algorithm or malformed checksum: 400, nothing stored")
    void unknownAlgorithmIs400() throws Exception {
      server = TestServer.start(store, dir);
      String upload = server.create(5);
      for (String value : new String[] {"crc32 AAAAAA==", "SHA1 " + digest("SHA-1", "hello".getBytes()),
          "sha1 !!!", "sha1", "sha1 AAAA"}) {
        Response r = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
            .header("Content-Type", "application/offset+octet-stream").header("Upload-Checksum", value)
            .body("hello").send();
        assertThat(r.status).as(value).isEqualTo(400);
      }
      assertThat(server.stored().size(upload)).isZero();
    }

    @Test
    @DisplayName("#38 Upload-Checksum is exactly '<algorithm> <base64>' (header or trailer), else 400 and nothing stored")
    void checksumValueIsExact() throws Exception {
      server = TestServer.start(store, dir);
      String upload = server.create(5);
      byte[] chunk = "hello".getBytes();
      String good = digest("SHA-1", chunk);
      String unpadded = good.replace("=", "");
      String nonCanonical = good.substring(0, good.length() - 2) + "1=";
      // Undertow's HTTP/1.1 parser folds runs of spaces and tabs inside a header value into one space before any
      // handler runs, so whitespace is checked where the bytes reach the server unchanged: in trailers.
      for (String value : new String[] {"sha1 " + unpadded, "sha1 " + nonCanonical, "sha1 " + good + " x",
          "sha1 " + good.substring(0, 4) + " " + good.substring(4), "sha1 " + good + "===="}) {
        Response r = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
            .header("Content-Type", "application/offset+octet-stream").header("Upload-Checksum", value)
            .body("hello").send();
        assertThat(r.status).as("header '%s'", value).isEqualTo(400);
        assertThat(server.stored().size(upload)).as("header '%s'", value).isZero();
      }
      for (String value : new String[] {"sha1  " + good, "sha1\t" + good, "sha1 \t" + good, "sha1 " + unpadded,
          "sha1 " + nonCanonical}) {
        Response r = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
            .header("Content-Type", "application/offset+octet-stream").header("Trailer", "Upload-Checksum")
            .chunkedBody(chunk, "Upload-Checksum: " + value).send();
        assertThat(r.status).as("trailer '%s'", value).isEqualTo(400);
        assertThat(server.stored().size(upload)).as("trailer '%s'", value).isZero();
      }
      Response ok = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").header("Trailer", "Upload-Checksum")
          .chunkedBody(chunk, "Upload-Checksum: sha1 " + good).send();
      assertThat(ok.status).isEqualTo(204);
    }

    @Test
    @DisplayName("#41 checksum as a trailer of a chunked body: match 204, mismatch 460, missing 400")
    void checksumTrailer() throws Exception {
      server = TestServer.start(store, dir);
      String upload = server.create(20);
      byte[] chunk = "0123456789".getBytes();
      Response ok = server.request("PATCH", upload).tus().header("Upload-Offset", 0)
          .header("Content-Type", "application/offset+octet-stream").header("Trailer", "Upload-Checksum")
          .chunkedBody(chunk, "Upload-Checksum: sha256 " + digest("SHA-256", chunk)).send();
      assertThat(ok.status).as(ok.toString()).isEqualTo(204);
      assertThat(ok.header("Upload-Offset")).isEqualTo("10");
      Response bad = server.request("PATCH", upload).tus().header("Upload-Offset", 10)
          .header("Content-Type", "application/offset+octet-stream").header("Trailer", "Upload-Checksum")
          .chunkedBody(chunk, "Upload-Checksum: md5 " + digest("MD5", "nope".getBytes())).send();
      assertThat(bad.status).isEqualTo(460);
      Response missing = server.request("PATCH", upload).tus().header("Upload-Offset", 10)
          .header("Content-Type", "application/offset+octet-stream").header("Trailer", "Upload-Checksum")
          .chunkedBody(chunk, null).send();
      assertThat(missing.status).isEqualTo(400);
      assertThat(server.stored().size(upload)).isEqualTo(10);
    }
  }

  @Nested
  class Termination {
    @Test
    @DisplayName("#44 DELETE: 204, files gone, later requests 404")
    void deleteFreesEverything() throws IOException {
      server = TestServer.start(store, dir);
      String upload = server.create(10);
      patch(upload, 0, "abc".getBytes());
      assertThat(server.request("DELETE", upload).tus().send().status).isEqualTo(204);
      assertThat(server.request("HEAD", upload).tus().send().status).isEqualTo(404);
      assertThat(patch(upload, 3, "d".getBytes()).status).isEqualTo(404);
      assertThat(server.request("DELETE", upload).tus().send().status).isEqualTo(404);
      assertThat(server.stored().count()).isZero();
    }

    @Test
    @DisplayName("-disable-termination: not advertised, DELETE 405, upload kept")
    void terminationDisabled() throws IOException {
      server = TestServer.start(store, dir, b -> b.termination(false));
      assertThat(server.request("OPTIONS", "/files/").send().header("Tus-Extension")).doesNotContain("termination");
      String upload = server.create(1);
      assertThat(server.request("DELETE", upload).tus().send().status).isEqualTo(405);
      assertThat(server.request("HEAD", upload).tus().send().status).isEqualTo(200);
    }
  }

  @Nested
  class Concatenation {
    private String partial(String content) throws IOException {
      Response created = server.request("POST", "/files/").tus().header("Upload-Length", content.length())
          .header("Upload-Concat", "partial").header("Upload-Metadata", "filename cGFydC50eHQ=").send();
      assertThat(created.status).isEqualTo(201);
      String path = TestServer.pathOf(created.header("Location"));
      if (!content.isEmpty()) {
        assertThat(patch(path, 0, content.getBytes()).status).isEqualTo(204);
      }
      return path;
    }

    @Test
    @DisplayName("#45 #47 #48 final = partials joined in order (one listed twice); metadata not inherited")
    void concatenates() throws IOException {
      server = TestServer.start(store, dir);
      String a = partial("hello ");
      String b = partial("world");
      Response created = server.request("POST", "/files/").tus()
          .header("Upload-Concat", "final;" + a + " " + b + " " + a).send();
      assertThat(created.status).isEqualTo(201);
      String fin = TestServer.pathOf(created.header("Location"));
      Response head = server.request("HEAD", fin).tus().send();
      assertThat(head.header("Upload-Offset")).isEqualTo("17");
      assertThat(head.header("Upload-Length")).isEqualTo("17");
      assertThat(head.has("Upload-Metadata")).isFalse();
      assertThat(head.header("Upload-Concat")).isEqualTo("final;" + a + " " + b + " " + a);
      assertThat(server.request("GET", fin).send().text()).isEqualTo("hello worldhello ");
      Response partialHead = server.request("HEAD", a).tus().send();
      assertThat(partialHead.header("Upload-Concat")).isEqualTo("partial");
      assertThat(partialHead.header("Upload-Offset")).isEqualTo("6");
    }

    @Test
    @DisplayName("#46 #50 #51 concatenation-unfinished: no offset until the partials finish, absolute URLs echoed")
    void unfinishedPartials() throws IOException {
      server = TestServer.start(store, dir);
      String a = partial("abc");
      Response created = server.request("POST", "/files/").tus().header("Upload-Length", 3)
          .header("Upload-Concat", "partial").send();
      String b = TestServer.pathOf(created.header("Location"));
      String concat = "final;" + server.endpoint().replace("/files/", "") + a + " " + b;
      Response fin = server.request("POST", "/files/").tus().header("Upload-Concat", concat).send();
      assertThat(fin.status).isEqualTo(201);
      String finPath = TestServer.pathOf(fin.header("Location"));
      Response before = server.request("HEAD", finPath).tus().send();
      assertThat(before.has("Upload-Offset")).isFalse();
      assertThat(before.header("Upload-Length")).isEqualTo("6");
      assertThat(before.header("Upload-Concat")).isEqualTo(concat);
      assertThat(server.request("GET", finPath).send().status).isEqualTo(409);
      patch(b, 0, "def".getBytes());
      Response after = server.request("HEAD", finPath).tus().send();
      assertThat(after.header("Upload-Offset")).isEqualTo("6");
      assertThat(server.request("GET", finPath).send().text()).isEqualTo("abcdef");
    }

    @Test
    @DisplayName("#49 PATCH on a final upload: 403, nothing modified")
    void patchOnFinalIs403() throws IOException {
      server = TestServer.start(store, dir);
      String a = partial("abc");
      String fin = TestServer.pathOf(server.request("POST", "/files/").tus()
          .header("Upload-Concat", "final;" + a).send().header("Location"));
      assertThat(patch(fin, 3, "x".getBytes()).status).isEqualTo(403);
      assertThat(server.request("GET", fin).send().text()).isEqualTo("abc");
    }

    @Test
    @DisplayName("a final upload naming unknown or non-partial uploads, or with a length: 400")
    void invalidFinals() throws IOException {
      server = TestServer.start(store, dir);
      String plain = server.create(1);
      String a = partial("a");
      assertThat(server.request("POST", "/files/").tus().header("Upload-Concat", "final;" + plain).send().status)
          .isEqualTo(400);
      assertThat(server.request("POST", "/files/").tus().header("Upload-Concat", "final;/files/nope").send().status)
          .isEqualTo(400);
      assertThat(server.request("POST", "/files/").tus().header("Upload-Concat", "final;").send().status)
          .isEqualTo(400);
      assertThat(server.request("POST", "/files/").tus().header("Upload-Concat", "final;" + a)
          .header("Upload-Length", 1).send().status).isEqualTo(400);
      assertThat(server.request("POST", "/files/").tus().header("Upload-Concat", "bogus")
          .header("Upload-Length", 1).send().status).isEqualTo(400);
    }

    @Test
    @DisplayName("-disable-concatenation: not advertised, Upload-Concat refused")
    void concatenationDisabled() throws IOException {
      server = TestServer.start(store, dir, b -> b.concatenation(false));
      assertThat(server.request("OPTIONS", "/files/").send().header("Tus-Extension")).doesNotContain("concat");
      assertThat(server.request("POST", "/files/").tus().header("Upload-Length", 1)
          .header("Upload-Concat", "partial").send().status).isEqualTo(400);
    }
  }

  @Nested
  class Expiration {
    @Test
    @DisplayName("#33 #34 #36 Upload-Expires on POST and PATCH as an RFC 9110 date; advertised")
    void expiresHeaders() throws IOException {
      server = TestServer.start(store, dir, b -> b.expiration(Duration.ofHours(1)));
      assertThat(server.request("OPTIONS", "/files/").send().header("Tus-Extension")).contains("expiration");
      Response created = server.request("POST", "/files/").tus().header("Upload-Length", 10).send();
      String expires = created.header("Upload-Expires");
      assertThat(expires).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
      Instant at = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      assertThat(at).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
      String upload = TestServer.pathOf(created.header("Location"));
      assertThat(patch(upload, 0, "abc".getBytes()).header("Upload-Expires")).isNotNull();
      assertThat(patch(upload, 3, "defghij".getBytes()).has("Upload-Expires")).as("finished uploads never expire")
          .isFalse();
    }

    @Test
    @DisplayName("Upload-Expires is an IMF-fixdate: a day below 10 has two digits ('Tue, 03 Jun 2008')")
    void expiresHasTwoDigitDays() throws IOException {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      ZonedDateTime target = now.plusMonths(1).withDayOfMonth(5);
      server = TestServer.start(store, dir, b -> b.expiration(Duration.between(now, target)));
      Response created = server.request("POST", "/files/").tus().header("Upload-Length", 10).send();
      String expires = created.header("Upload-Expires");
      assertThat(expires).as(expires).matches("[A-Z][a-z]{2}, 05 [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
      String upload = TestServer.pathOf(created.header("Location"));
      assertThat(server.request("HEAD", upload).tus().send().header("Upload-Expires")).contains(", 05 ");
    }

    @Test
    @DisplayName("#35 an expired upload the server still knows: 410; after the sweep: 404 and no files")
    void expiredIs410ThenSwept() throws IOException {
      AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
      Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
      server = TestServer.start(store, dir, b -> b.expiration(Duration.ofHours(1)).clock(clock));
      String upload = server.create(10);
      String finished = server.create(1);
      patch(finished, 0, "x".getBytes());
      now.set(now.get().plus(Duration.ofHours(2)));
      assertThat(server.request("HEAD", upload).tus().send().status).isEqualTo(410);
      assertThat(patch(upload, 0, "a".getBytes()).status).isEqualTo(410);
      assertThat(server.handler.sweepExpired()).isEqualTo(1);
      assertThat(server.request("HEAD", upload).tus().send().status).isEqualTo(404);
      assertThat(server.stored().exists(upload)).isFalse();
      assertThat(server.request("HEAD", finished).tus().send().status).isEqualTo(200);
    }

    @Test
    @DisplayName("the background sweep deletes expired unfinished uploads on its own")
    void backgroundSweep() throws Exception {
      server = TestServer.start(store, dir, b -> b.expiration(Duration.ofSeconds(1)));
      String upload = server.create(10);
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (server.stored().exists(upload) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(server.stored().exists(upload)).isFalse();
      assertThat(server.stored().exists(upload)).isFalse();
    }
  }

  @Nested
  class StoreSize {
    @Test
    @DisplayName("-store-size: a creation that would overflow the store is a 413 saying so; space comes back")
    void storeSizeLimit() throws IOException {
      server = TestServer.start(store, dir, b -> b.storeSize(100));
      String first = server.create(60);
      Response full = server.request("POST", "/files/").tus().header("Upload-Length", 50).send();
      assertThat(full.status).isEqualTo(413);
      assertThat(full.text()).contains("store is full");
      assertThat(server.stored().count()).isEqualTo(2);
      server.request("DELETE", first).tus().send();
      assertThat(server.request("POST", "/files/").tus().header("Upload-Length", 50).send().status).isEqualTo(201);
    }

    @Test
    @DisplayName("-store-size counts what the directory already holds at start")
    void storeSizeCountsExisting() throws IOException {
      server = TestServer.start(store, dir);
      server.create(80);
      server.close();
      server = TestServer.start(store, dir, b -> b.storeSize(100));
      assertThat(server.request("POST", "/files/").tus().header("Upload-Length", 30).send().status).isEqualTo(413);
      assertThat(server.request("POST", "/files/").tus().header("Upload-Length", 20).send().status).isEqualTo(201);
    }
  }
}
