package dev.resumable.tus.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds a server {@link SSLContext} from PEM files: a certificate chain and a private key in PKCS#8
 * ({@code BEGIN PRIVATE KEY}) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) form. Errors carry one clear sentence.
 */
public final class PemTls {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private PemTls() {
  }

  /**
   * Loads the certificate chain and key, and checks that they belong together.
   *
   * @throws IOException with a message naming the file and what is wrong with it
   */
  public static SSLContext load(Path certificateFile, Path keyFile) throws IOException {
    List<Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    X509Certificate leaf = (X509Certificate) chain.get(0);
    if (!leaf.getPublicKey().getAlgorithm().equals(key.getAlgorithm()) || !matches(leaf, key)) {
      throw new IOException("the key in " + keyFile + " does not belong to the certificate in " + certificateFile);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the TLS certificate and key: " + e.getMessage(), e);
    }
  }

  private static boolean matches(X509Certificate leaf, PrivateKey key) {
    try {
      java.security.Signature signer = java.security.Signature.getInstance(
          key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm());
      byte[] probe = "tus-server key check".getBytes(StandardCharsets.US_ASCII);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      signer.initVerify(leaf.getPublicKey());
      signer.update(probe);
      return signer.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<Certificate> certificates(Path file) throws IOException {
    List<Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(file, "CERTIFICATE")) {
        chain.add(factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " holds an unreadable certificate: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(file + " holds no PEM certificate");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    List<byte[]> pkcs8 = blocks(file, "PRIVATE KEY");
    List<byte[]> pkcs1 = blocks(file, "RSA PRIVATE KEY");
    byte[] der;
    if (!pkcs8.isEmpty()) {
      der = pkcs8.get(0);
    } else if (!pkcs1.isEmpty()) {
      der = wrapRsa(pkcs1.get(0));
    } else {
      throw new IOException(file + " holds no PEM private key (PKCS#8 'BEGIN PRIVATE KEY' or 'BEGIN RSA PRIVATE "
          + "KEY'; convert others with: openssl pkcs8 -topk8 -nocrypt)");
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new IOException(file + " holds a private key that is not RSA, EC or Ed25519, or is encrypted");
  }

  /** PKCS#1 RSAPrivateKey wrapped into a PKCS#8 PrivateKeyInfo. */
  private static byte[] wrapRsa(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return der(0x30, body);
  }

  private static byte[] der(int tag, byte[] content) {
    byte[] length;
    if (content.length < 128) {
      length = new byte[] {(byte) content.length};
    } else {
      byte[] n = BigInteger.valueOf(content.length).toByteArray();
      int skip = n[0] == 0 ? 1 : 0;
      length = new byte[n.length - skip + 1];
      length[0] = (byte) (0x80 | (n.length - skip));
      System.arraycopy(n, skip, length, 1, n.length - skip);
    }
    byte[] out = new byte[1 + length.length + content.length];
    out[0] = (byte) tag;
    System.arraycopy(length, 0, out, 1, length.length);
    System.arraycopy(content, 0, out, 1 + length.length, content.length);
    return out;
  }

  private static List<byte[]> blocks(Path file, String type) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(file + " does not exist");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IOException(file + " is not a PEM file");
    }
    List<byte[]> result = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          result.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          throw new IOException(file + " has a damaged PEM block");
        }
      }
    }
    return result;
  }
}
