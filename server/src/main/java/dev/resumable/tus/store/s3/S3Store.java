package dev.resumable.tus.store.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.Concatenater;
import dev.resumable.tus.store.DownloadReader;
import dev.resumable.tus.store.Downloader;
import dev.resumable.tus.store.LengthDeferrer;
import dev.resumable.tus.store.Lister;
import dev.resumable.tus.store.OffsetMismatchException;
import dev.resumable.tus.store.StreamDownloadReader;
import dev.resumable.tus.store.Terminater;
import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadNotFoundException;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.Abortable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stores uploads in an S3 bucket (or an S3-compatible service) in tusd's s3store layout, so a bucket written by
 * tusd is served as it is and the other way round:
 * <ul>
 *   <li>upload ID {@code <objectId>+<multipartUploadId>};</li>
 *   <li>{@code <prefix><objectId>.info}: the description (JSON, tusd field names);</li>
 *   <li>a multipart upload on {@code <prefix><objectId>}, completed into that object once every byte arrived;</li>
 *   <li>{@code <prefix><objectId>.part}: bytes too few to be a part yet, until more arrive.</li>
 * </ul>
 * The offset is always derived from S3 (listed parts plus the tail), never from a counter. Chunks are streamed
 * through part files on local temp disk and uploaded concurrently (see {@link S3ChunkWriter}); concatenation copies
 * server-side where S3 allows (see {@link ConcatPlan}). Build one with {@link #builder()}.
 */
public final class S3Store implements UploadStore, Terminater, LengthDeferrer, Concatenater, Downloader, Lister {
  /** Storage type recorded in {@code Storage.Type}, as tusd does. */
  public static final String TYPE = "s3store";
  /** The largest upload S3 can hold (5 TiB): the server's maximum size unless a smaller one is set. */
  public static final long MAX_UPLOAD_SIZE = PartSizing.MAX_OBJECT_SIZE;
  /** S3 user metadata is limited to 2 KiB in total; larger upload metadata stays in the {@code .info} only. */
  private static final int MAX_S3_METADATA = 2048;

  private final Clients clients;
  private final S3Objects objects;
  private final S3Objects downloads;
  private final S3Objects probes;
  private final PartSizing sizing;
  private final PartUploader uploader;
  private final Finisher finisher;
  private final Path tempDir;
  private final int maxBufferedParts;
  private final SpoolBudget spool;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * The store's S3 clients, each with its own connection pool: store calls and part uploads, downloads, and
   * readiness checks, so slow downloaders cannot starve store calls nor readiness.
   */
  record Clients(S3Client store, S3Client downloads, S3Client probes) {
  }

  S3Store(Clients clients, String bucket, String prefix, PartSizing sizing, int concurrentPartUploads,
      int maxBufferedParts, Path tempDir, long maxSpoolBytes) {
    this.clients = clients;
    this.objects = new S3Objects(clients.store(), bucket, new S3Keys(prefix));
    this.downloads = new S3Objects(clients.downloads(), bucket, new S3Keys(prefix));
    this.probes = new S3Objects(clients.probes(), bucket, new S3Keys(prefix));
    this.sizing = sizing;
    this.uploader = new PartUploader(concurrentPartUploads);
    this.finisher = new Finisher(objects);
    this.tempDir = tempDir;
    this.maxBufferedParts = maxBufferedParts;
    this.spool = new SpoolBudget(maxSpoolBytes);
  }

  /** A builder for a store on AWS S3 or an S3-compatible service. */
  public static S3StoreBuilder builder() {
    return new S3StoreBuilder();
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The bucket. */
  public String bucket() {
    return objects.bucket();
  }

  /** The object key prefix (may be empty). */
  public String objectPrefix() {
    return objects.keys().prefix();
  }

  /** Part uploads running now, across all uploads (a gauge for metrics). */
  public int partUploadsInFlight() {
    return uploader.inFlight();
  }

  /** Readiness: the bucket answers HeadBucket. */
  @Override
  public void checkReady() throws IOException {
    probes.headBucket();
  }

  @Override
  public UploadInfo create(UploadInfo info) throws IOException {
    String objectId = info.id();
    requireUnused(objectId);
    String multipartId = objects.createMultipartUpload(objectId, s3Metadata(info.metadata()));
    UploadRef ref = new UploadRef(objectId, multipartId);
    if (!S3Keys.isUrlSafe(multipartId)) {
      objects.abort(ref);
      throw new IOException("the S3 service returned a multipart upload ID that does not fit in a URL: "
          + multipartId);
    }
    UploadInfo stored = info.withId(ref.id()).withOffset(0).withStorage(storageOf(objectId));
    writeInfo(ref, stored);
    if (!stored.sizeIsDeferred() && stored.size() == 0 && !stored.isFinal()) {
      finisher.finish(ref, List.of());
    }
    return stored.withLastModified(Instant.now());
  }

  /**
   * Refuses an object ID that is taken or would collide: new IDs are random, but a pre-create hook may choose one,
   * and an upload's ID ({@code <objectId>+<multipartId>}) never equals the bare object ID the hook names, so
   * {@code find} cannot tell. Any of the upload's three objects existing means taken. Two creations racing for the
   * same hook-chosen ID are not excluded (S3 has no create-if-absent that every service supports).
   */
  private void requireUnused(String objectId) throws IOException {
    Optional<String> reason = objects.keys().unusable(objectId);
    if (reason.isPresent()) {
      throw new UploadIdTakenException(objectId, reason.get());
    }
    S3Keys keys = objects.keys();
    for (String key : List.of(keys.info(objectId), keys.object(objectId), keys.tail(objectId))) {
      if (objects.head(key).isPresent()) {
        throw new UploadIdTakenException(objectId, "the object " + key + " exists");
      }
    }
  }

  @Override
  public Optional<UploadInfo> find(String id) throws IOException {
    Optional<UploadState> state = load(id);
    return state.map(UploadState::info);
  }

  @Override
  public ChunkWriter open(UploadInfo upload, ChunkVerifier verifier, Lock lock) throws IOException {
    String id = upload.id();
    UploadState state = load(id).orElseThrow(() -> new UploadNotFoundException(id));
    if (state.offset() != upload.offset()) {
      throw new OffsetMismatchException(upload.offset(), state.offset());
    }
    if (state.completed()) {
      return new CompletedWriter(state.info());
    }
    return new S3ChunkWriter(objects, uploader, sizing, finisher, tempDir, maxBufferedParts, spool, state,
        () -> load(id).orElseThrow(() -> new UploadNotFoundException(id)), verifier, lock);
  }

  /** Bytes buffered on temp disk now, across all uploads (a gauge for metrics). */
  public long spooledBytes() {
    return spool.used();
  }

  /** A completed upload takes no more bytes. */
  private record CompletedWriter(UploadInfo upload) implements ChunkWriter {
    @Override
    public void write(ByteBuffer bytes) throws IOException {
      throw new IOException("the upload is complete and cannot take more bytes");
    }

    @Override
    public UploadInfo finish() {
      return upload;
    }

    @Override
    public UploadInfo abort(boolean keepReceived) {
      return upload;
    }

    @Override
    public long written() {
      return 0;
    }
  }

  @Override
  public void declareLength(String id, long length) throws IOException {
    UploadState state = load(id).orElseThrow(() -> new UploadNotFoundException(id));
    writeInfo(state.ref(), state.info().withSize(length));
    if (length == state.offset()) {
      finisher.finish(load(id).orElseThrow(() -> new UploadNotFoundException(id)));
    }
  }

  @Override
  public void terminate(String id) throws IOException {
    UploadState state = load(id).orElseThrow(() -> new UploadNotFoundException(id));
    String objectId = state.ref().objectId();
    // the description goes first: a failure later leaves only objects the bucket lifecycle rule removes
    objects.delete(objects.keys().info(objectId));
    objects.abort(state.ref());
    objects.delete(objects.keys().object(objectId));
    objects.delete(objects.keys().tail(objectId));
  }

  @Override
  public void concatenate(String finalId, List<String> partialIds) throws IOException {
    UploadState target = load(finalId).orElseThrow(() -> new UploadNotFoundException(finalId));
    List<ConcatPlan.Source> sources = new ArrayList<>();
    for (String partialId : partialIds) {
      UploadState partial = load(partialId).orElseThrow(() -> new UploadNotFoundException(partialId));
      finisher.finish(partial);
      sources.add(new ConcatPlan.Source(objects.keys().object(partial.ref().objectId()), partial.size()));
    }
    long total = sources.stream().mapToLong(ConcatPlan.Source::size).sum();
    if (target.info().sizeIsDeferred() || target.info().size() != total) {
      writeInfo(target.ref(), target.info().withSize(total));
    }
    new Concatenation(objects, uploader, finisher, tempDir).run(target.ref(),
        ConcatPlan.plan(sources, sizing));
  }

  @Override
  public InputStream read(String id, long start, long length) throws IOException {
    UploadRef ref = S3Keys.parse(id).orElseThrow(() -> new UploadNotFoundException(id));
    String key = objects.keys().object(ref.objectId());
    try {
      return downloads.read(key, start, length);
    } catch (S3Objects.MissingObjectException e) {
      // every byte is there but the multipart upload was not completed (a crash right before): complete it now
      UploadState state = load(id).orElseThrow(() -> new UploadNotFoundException(id));
      finisher.finish(state);
      return downloads.read(key, start, length);
    }
  }

  /**
   * Ranged GETs opened as the client reads: one stream at a time, abandoned (not drained) when the client is idle or
   * gone, so a stalled downloader holds no connection of the download pool.
   */
  @Override
  public DownloadReader open(String id, long start, long length) throws IOException {
    S3Keys.parse(id).orElseThrow(() -> new UploadNotFoundException(id));
    return new StreamDownloadReader((position, count) -> read(id, position, count), S3Store::release, start, length);
  }

  private static void release(InputStream stream, boolean complete) throws IOException {
    if (!complete && stream instanceof Abortable abortable) {
      abortable.abort();
    }
    stream.close();
  }

  @Override
  public List<String> listIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String key : objects.listInfoKeys()) {
      Optional<String> objectId = objects.keys().objectIdOfInfoKey(key);
      if (objectId.isEmpty()) {
        continue;
      }
      Optional<S3Objects.Stored> stored = objects.getInfo(objectId.get());
      if (stored.isPresent()) {
        try {
          ids.add(json.readValue(stored.get().bytes(), UploadInfo.class).id());
        } catch (IOException e) {
          // not a tus .info object; skip it
        }
      }
    }
    return ids;
  }

  @Override
  public void close() {
    uploader.close();
    clients.store().close();
    clients.downloads().close();
    clients.probes().close();
  }

  private Optional<UploadState> load(String id) throws IOException {
    Optional<UploadRef> ref = S3Keys.parse(id);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    return UploadState.load(objects, json, ref.get());
  }

  private void writeInfo(UploadRef ref, UploadInfo info) throws IOException {
    objects.putInfo(ref.objectId(), json.writeValueAsBytes(info.withOffset(0)));
  }

  private Map<String, String> storageOf(String objectId) {
    Map<String, String> storage = new LinkedHashMap<>();
    storage.put("Type", TYPE);
    storage.put("Bucket", objects.bucket());
    storage.put("Key", objects.keys().object(objectId));
    return storage;
  }

  /** Upload metadata as S3 user metadata, as tusd sets it: printable ASCII only, within S3's 2 KiB. */
  static Map<String, String> s3Metadata(Map<String, String> metadata) {
    Map<String, String> result = new LinkedHashMap<>();
    int total = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      String key = entry.getKey();
      if (!key.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}")) {
        continue;
      }
      String value = entry.getValue().replaceAll("[^\\x20-\\x7e]", "?");
      total += key.length() + value.length();
      if (total > MAX_S3_METADATA) {
        break;
      }
      result.put(key, value);
    }
    return result;
  }
}
