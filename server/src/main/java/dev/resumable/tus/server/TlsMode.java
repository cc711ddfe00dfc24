package dev.resumable.tus.server;

/** The {@code -tls-mode} choices, as in tusd. */
public enum TlsMode {
  /** TLS 1.2 and 1.3 with the JDK's default cipher suites. */
  TLS12(new String[] {"TLSv1.3", "TLSv1.2"}, null),
  /** TLS 1.3 only. */
  TLS13(new String[] {"TLSv1.3"}, null),
  /** TLS 1.2 and 1.3, TLS 1.2 limited to forward-secret AEAD suites. */
  TLS12_STRONG(new String[] {"TLSv1.3", "TLSv1.2"}, new String[] {
      "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"});

  private final String[] protocols;
  private final String[] cipherSuites;

  TlsMode(String[] protocols, String[] cipherSuites) {
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
  }

  String[] protocols() {
    return protocols.clone();
  }

  /** Null for the JDK defaults. */
  String[] cipherSuites() {
    return cipherSuites == null ? null : cipherSuites.clone();
  }

  /** Parses {@code tls12}, {@code tls13}, {@code tls12-strong}. */
  public static TlsMode parse(String value) {
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "tls12": return TLS12;
      case "tls13": return TLS13;
      case "tls12-strong": return TLS12_STRONG;
      default: throw new IllegalArgumentException("'" + value + "' is not a TLS mode (tls12, tls13, tls12-strong)");
    }
  }
}
