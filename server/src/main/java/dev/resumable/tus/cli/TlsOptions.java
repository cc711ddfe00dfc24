package dev.resumable.tus.cli;

import dev.resumable.tus.server.PemTls;
import dev.resumable.tus.server.TlsMode;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** HTTPS from PEM files. */
final class TlsOptions {
  @Option(names = {"-tls-certificate", "--tls-certificate"}, paramLabel = "FILE",
      description = "PEM certificate chain; with -tls-key, serve HTTPS (and HTTP/2).")
  Path tlsCertificate;

  @Option(names = {"-tls-key", "--tls-key"}, paramLabel = "FILE",
      description = "PEM private key (PKCS#8, or PKCS#1 RSA) of -tls-certificate.")
  Path tlsKey;

  @Option(names = {"-tls-mode", "--tls-mode"}, paramLabel = "MODE", defaultValue = "tls12",
      description = "tls12 (TLS 1.2+), tls13 (TLS 1.3 only) or tls12-strong (TLS 1.2+ with forward-secret AEAD "
          + "suites only) (default: ${DEFAULT-VALUE}).")
  String tlsMode;

  /** The TLS mode. */
  TlsMode mode() {
    try {
      return TlsMode.parse(tlsMode);
    } catch (IllegalArgumentException e) {
      throw new FlagException("-tls-mode: " + e.getMessage());
    }
  }

  /** The server's TLS context from the PEM files, or null when TLS is not configured. */
  SSLContext load() {
    if (tlsCertificate == null && tlsKey == null) {
      return null;
    }
    if (tlsCertificate == null || tlsKey == null) {
      throw new FlagException("-tls-certificate and -tls-key go together");
    }
    mode();
    try {
      return PemTls.load(tlsCertificate, tlsKey);
    } catch (IOException | IllegalArgumentException e) {
      throw new ServerCommand.StartupException(e.getMessage());
    }
  }
}
