package dev.resumable.tus.store.s3;

import java.util.Optional;
import java.util.regex.Pattern;

/** Object keys of tusd's s3store layout under an optional prefix, and the split of upload IDs. */
final class S3Keys {
  /** The object part of an ID: what tusd and this server generate (hex), conservatively URL- and key-safe. */
  private static final Pattern OBJECT_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");
  private static final Pattern MULTIPART_ID = Pattern.compile("[A-Za-z0-9._~+-]{1,1024}");
  static final String INFO_SUFFIX = ".info";
  static final String PART_SUFFIX = ".part";

  private final String prefix;

  /** Keys under {@code prefix}; a non-empty prefix without a trailing {@code /} gets one, as tusd adds it. */
  S3Keys(String prefix) {
    String value = prefix == null ? "" : prefix;
    this.prefix = value.isEmpty() || value.endsWith("/") ? value : value + "/";
  }

  String prefix() {
    return prefix;
  }

  String object(String objectId) {
    return prefix + objectId;
  }

  String info(String objectId) {
    return prefix + objectId + INFO_SUFFIX;
  }

  String tail(String objectId) {
    return prefix + objectId + PART_SUFFIX;
  }

  /**
   * Why an object ID cannot be given to a new upload whatever the bucket holds, or empty: one ending in
   * {@code .info} or {@code .part} names the description or tail object of another upload ({@code abc.info} is the
   * description of {@code abc}), and a {@code +} would be read as the start of the multipart upload ID.
   */
  Optional<String> unusable(String objectId) {
    if (objectId.indexOf('+') >= 0) {
      return Optional.of("'+' separates the multipart upload ID");
    }
    if (objectId.endsWith(INFO_SUFFIX) || objectId.endsWith(PART_SUFFIX)) {
      return Optional.of("it would share objects with upload "
          + objectId.substring(0, objectId.length() - INFO_SUFFIX.length()));
    }
    if (objectIdOfInfoKey(info(objectId)).isEmpty()) {
      return Optional.of("not a safe object key");
    }
    return Optional.empty();
  }

  /** The object ID named by an {@code .info} key listed under the prefix, if it is one. */
  Optional<String> objectIdOfInfoKey(String key) {
    if (!key.startsWith(prefix) || !key.endsWith(INFO_SUFFIX)) {
      return Optional.empty();
    }
    String objectId = key.substring(prefix.length(), key.length() - INFO_SUFFIX.length());
    return OBJECT_ID.matcher(objectId).matches() ? Optional.of(objectId) : Optional.empty();
  }

  /** An upload ID, {@code <objectId>+<multipartUploadId>}, split at its first {@code +}; empty if malformed. */
  static Optional<UploadRef> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    int plus = id.indexOf('+');
    if (plus <= 0 || plus == id.length() - 1) {
      return Optional.empty();
    }
    String objectId = id.substring(0, plus);
    String multipartId = id.substring(plus + 1);
    if (!OBJECT_ID.matcher(objectId).matches() || !MULTIPART_ID.matcher(multipartId).matches()
        || objectId.contains("..")) {
      return Optional.empty();
    }
    return Optional.of(new UploadRef(objectId, multipartId));
  }

  /** True when a multipart upload ID fits in an upload URL as it is. */
  static boolean isUrlSafe(String multipartId) {
    return MULTIPART_ID.matcher(multipartId).matches();
  }

  /** The two halves of an upload ID. */
  record UploadRef(String objectId, String multipartId) {
    String id() {
      return objectId + "+" + multipartId;
    }
  }
}
