package dev.resumable.tus.store.s3;

import dev.resumable.tus.store.Records;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link Records} as objects {@code <prefix>.tus/<kind>/<name>} in the store's bucket. The leading dot keeps them
 * apart from uploads: no object ID starts with one, and the upload listing takes only {@code .info} keys. A PutObject
 * replaces a record atomically and is durable once answered.
 */
final class S3Records implements Records {
  /** The folder under the store's prefix that holds records. */
  static final String FOLDER = ".tus/";

  private final S3Client client;
  private final String bucket;
  private final String keyPrefix;

  S3Records(S3Client client, String bucket, String storePrefix, String kind) {
    this.client = client;
    this.bucket = bucket;
    this.keyPrefix = storePrefix + FOLDER + kind + "/";
  }

  @Override
  public void put(String name, byte[] content) throws IOException {
    String key = keyOf(name);
    S3Objects.call("PutObject record", () -> client.putObject(b -> b.bucket(bucket).key(key)
        .contentType("application/json"), RequestBody.fromBytes(content)));
  }

  @Override
  public Optional<byte[]> get(String name) throws IOException {
    String key = keyOf(name);
    try {
      return Optional.of(client.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes())
          .asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Objects.failure("GetObject record", e);
    } catch (SdkException e) {
      throw S3Objects.failure("GetObject record", e);
    }
  }

  @Override
  public void delete(String name) throws IOException {
    String key = keyOf(name);
    S3Objects.call("DeleteObject record", () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  @Override
  public List<String> names() throws IOException {
    return S3Objects.call("ListObjectsV2 records", () -> {
      List<String> names = new ArrayList<>();
      for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents()) {
        String name = object.key().substring(keyPrefix.length());
        if (Records.isSafeName(name)) {
          names.add(name);
        }
      }
      return names;
    });
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + keyPrefix;
  }

  private String keyOf(String name) {
    if (!Records.isSafeName(name)) {
      throw new IllegalArgumentException("not a record name: " + name);
    }
    return keyPrefix + name;
  }
}
