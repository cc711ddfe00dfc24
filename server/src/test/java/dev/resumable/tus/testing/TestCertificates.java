package dev.resumable.tus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates for loopback TLS tests: made by the JDK's keytool, written as PEM files. */
public final class TestCertificates {
  private TestCertificates() {
  }

  /** A PKCS12 key store holding one RSA key pair for localhost / 127.0.0.1 under {@code alias}. */
  public static KeyStore keyStore(Path dir, String alias) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keyStore.load(in, "changeit".toCharArray());
    }
    return keyStore;
  }

  /** Writes the store's certificate and its PKCS#8 key as PEM files. */
  public static void writePem(KeyStore keyStore, Path certFile, Path keyFile) throws Exception {
    String alias = keyStore.aliases().nextElement();
    Certificate certificate = keyStore.getCertificate(alias);
    byte[] pkcs8 = keyStore.getKey(alias, "changeit".toCharArray()).getEncoded();
    Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(pkcs8)
        + "\n-----END PRIVATE KEY-----\n");
  }
}
