package dev.resumable.tus.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The checksum algorithms of the checksum extension, with their tus names (lowercase). */
enum ChecksumAlgorithm {
  MD5("md5", "MD5", 16),
  SHA1("sha1", "SHA-1", 20),
  SHA256("sha256", "SHA-256", 32),
  SHA512("sha512", "SHA-512", 64);

  /** The value of {@code Tus-Checksum-Algorithm}. */
  static final String ADVERTISED = Arrays.stream(values()).map(a -> a.tusName).collect(Collectors.joining(","));

  private final String tusName;
  private final String jcaName;
  private final int length;

  ChecksumAlgorithm(String tusName, String jcaName, int length) {
    this.tusName = tusName;
    this.jcaName = jcaName;
    this.length = length;
  }

  static ChecksumAlgorithm byName(String name) {
    for (ChecksumAlgorithm algorithm : values()) {
      if (algorithm.tusName.equals(name)) {
        return algorithm;
      }
    }
    return null;
  }

  String tusName() {
    return tusName;
  }

  int digestLength() {
    return length;
  }

  MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " missing from this JVM", e);
    }
  }
}
