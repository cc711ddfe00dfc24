package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resumable.tus.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/**
 * TLS from PEM files with a self-signed certificate generated for the test (keytool), spoken to by the JDK HTTP
 * client: handshake, HTTP/2, https Location, TLS mode enforcement, and clear start-up errors for bad files.
 */
class TlsTest {
  @TempDir
  Path dir;
  Path cert;
  Path key;
  KeyStore keyStore;
  ServerCommand.Running running;

  @BeforeEach
  void generate() throws Exception {
    keyStore = TestCertificates.keyStore(dir, "server");
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    TestCertificates.writePem(keyStore, cert, key);
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.server.close();
    }
  }

  private HttpClient client(String... protocols) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", keyStore.getCertificate(keyStore.aliases().nextElement()));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_2);
    if (protocols.length > 0) {
      SSLParameters parameters = new SSLParameters();
      parameters.setProtocols(protocols);
      builder.sslParameters(parameters);
    }
    return builder.build();
  }

  private ServerCommand.Running start(String... extra) throws IOException {
    String[] base = {"-host", "127.0.0.1", "-port", "0", "-upload-dir", dir.resolve("data").toString(),
        "-tls-certificate", cert.toString(), "-tls-key", key.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Launch.start(args);
  }

  @Test
  @DisplayName("HTTPS with HTTP/2: handshake with the PEM certificate, https Location, full upload")
  void httpsWithHttp2() throws Exception {
    running = start();
    String base = "https://127.0.0.1:" + running.server.port() + "/files/";
    HttpClient client = client();
    HttpResponse<Void> options = client.send(HttpRequest.newBuilder(URI.create(base))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpResponse<Void> created = client.send(HttpRequest.newBuilder(URI.create(base)).header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "5").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("https://127.0.0.1:" + running.server.port() + "/files/");
    HttpResponse<Void> patched = client.send(HttpRequest.newBuilder(URI.create(location))
        .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(patched.statusCode()).isEqualTo(204);
    assertThat(client.send(HttpRequest.newBuilder(URI.create(location)).build(),
        HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hello");
  }

  @Test
  @DisplayName("over HTTP/2 header values arrive unchanged: 'sha1  <digest>' (two spaces) is a 400, nothing stored")
  void exactChecksumHeaderOverHttp2() throws Exception {
    running = start();
    String base = "https://127.0.0.1:" + running.server.port() + "/files/";
    HttpClient client = client();
    HttpResponse<Void> created = client.send(HttpRequest.newBuilder(URI.create(base)).header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "5").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    String location = created.headers().firstValue("Location").orElseThrow();
    String digest = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1")
        .digest("hello".getBytes(StandardCharsets.US_ASCII)));
    for (String value : new String[] {"sha1  " + digest, "sha1\t" + digest}) {
      HttpResponse<Void> patched = client.send(HttpRequest.newBuilder(URI.create(location))
          .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
          .header("Content-Type", "application/offset+octet-stream").header("Upload-Checksum", value)
          .method("PATCH", HttpRequest.BodyPublishers.ofString("hello")).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(patched.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(patched.statusCode()).as("'%s'", value).isEqualTo(400);
    }
    HttpResponse<Void> head = client.send(HttpRequest.newBuilder(URI.create(location))
        .header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(head.headers().firstValue("Upload-Offset")).contains("0");
  }

  @Test
  @DisplayName("-tls-mode tls13 refuses a TLS 1.2 client")
  void tls13Only() throws Exception {
    running = start("-tls-mode", "tls13");
    URI uri = URI.create("https://127.0.0.1:" + running.server.port() + "/healthz");
    assertThat(client("TLSv1.3").send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> client("TLSv1.2").send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.discarding())).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  @DisplayName("a key that does not belong to the certificate fails at start with one clear line")
  void mismatchedKey() throws Exception {
    Path otherDir = Files.createDirectories(dir.resolve("other"));
    TestCertificates.writePem(TestCertificates.keyStore(otherDir, "other"), otherDir.resolve("cert.pem"), otherDir.resolve("key.pem"));
    assertThatThrownBy(() -> Launch.start("-port", "0", "-upload-dir", dir.resolve("d").toString(),
        "-tls-certificate", cert.toString(), "-tls-key", otherDir.resolve("key.pem").toString()))
        .isInstanceOf(ServerCommand.StartupException.class).hasMessageContaining("does not belong");
  }

  @Test
  @DisplayName("garbage or missing PEM files and half a TLS configuration fail clearly")
  void badFiles() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "not a certificate");
    assertThatThrownBy(() -> Launch.start("-port", "0", "-upload-dir", dir.resolve("d").toString(),
        "-tls-certificate", garbage.toString(), "-tls-key", key.toString()))
        .isInstanceOf(ServerCommand.StartupException.class).hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> Launch.start("-port", "0", "-upload-dir", dir.resolve("d").toString(),
        "-tls-certificate", cert.toString(), "-tls-key", dir.resolve("missing.pem").toString()))
        .isInstanceOf(ServerCommand.StartupException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Launch.start("-port", "0", "-upload-dir", dir.resolve("d").toString(),
        "-tls-certificate", cert.toString()))
        .isInstanceOf(ParameterException.class).hasMessageContaining("-tls-key");
  }
}
