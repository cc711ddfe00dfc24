package dev.resumable.tus.store.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.lock.LockLostException;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.Concatenater;
import dev.resumable.tus.store.DownloadReader;
import dev.resumable.tus.store.Downloader;
import dev.resumable.tus.store.LengthDeferrer;
import dev.resumable.tus.store.Lister;
import dev.resumable.tus.store.OffsetMismatchException;
import dev.resumable.tus.store.RecordKeeper;
import dev.resumable.tus.store.Records;
import dev.resumable.tus.store.StreamDownloadReader;
import dev.resumable.tus.store.Terminater;
import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadNotFoundException;
import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import dev.resumable.tus.store.s3.S3Objects.Listed;
import dev.resumable.tus.store.s3.S3Objects.Precondition;
import dev.resumable.tus.store.s3.S3Objects.PreconditionFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The offset is always derived from S3 (listed parts plus the tail), never from a counter; every read asks S3 with
 * as few requests as the layout allows (see {@link StateReader}), and a write reuses the state its caller read under
 * the upload's lock (see {@link StateHandoff}). Chunks are streamed through part files on local temp disk and
 * uploaded concurrently (see {@link S3ChunkWriter}); concatenation copies server-side where S3 allows (see
 * {@link ConcatPlan}). Writes of {@code .info} and {@code .part} are conditional on the ETag last seen, so a process
 * that lost its lock cannot overwrite them (see {@link S3Objects}). Build one with {@link #builder()}.
 */
public final class S3Store implements UploadStore, Terminater, LengthDeferrer, Concatenater, Downloader, Lister,
    RecordKeeper {
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
  private final StateReader reader;
  private final StateHandoff handoff = new StateHandoff();
  private final TailCache tails = new TailCache();

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
    this.reader = new StateReader(objects, json);
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

  /** Whether the service takes conditional writes (false once it answered one with 501 Not Implemented). */
  boolean conditionalWrites() {
    return objects.conditionalWrites();
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
    try {
      writeInfo(ref, stored, Precondition.absent());
    } catch (PreconditionFailedException e) {
      objects.abort(ref);
      throw new UploadIdTakenException(objectId, "its .info object was created meanwhile");
    }
    if (!stored.sizeIsDeferred() && stored.size() == 0 && !stored.isFinal()) {
      finisher.finish(ref, List.of());
    }
    return stored.withLastModified(Instant.now());
  }

  /**
   * Refuses an object ID that is taken or would collide: new IDs are random, but a pre-create hook may choose one,
   * and an upload's ID ({@code <objectId>+<multipartId>}) never equals the bare object ID the hook names, so
   * {@code find} cannot tell. Any of the upload's three objects existing means taken; one listing of the ID's key
   * prefix shows all three. Two creations racing for the same hook-chosen ID: the {@code .info} is written only if
   * absent (where the service supports conditional writes), so the second one fails.
   */
  private void requireUnused(String objectId) throws IOException {
    Optional<String> reason = objects.keys().unusable(objectId);
    if (reason.isPresent()) {
      throw new UploadIdTakenException(objectId, reason.get());
    }
    S3Keys keys = objects.keys();
    List<String> taken = List.of(keys.info(objectId), keys.object(objectId), keys.tail(objectId));
    for (Listed listed : objects.listFrom(keys.object(objectId), keys.tail(objectId))) {
      if (taken.contains(listed.key())) {
        throw new UploadIdTakenException(objectId, "the object " + listed.key() + " exists");
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
    UploadState state = handedOver(id, upload.offset());
    if (state.offset() != upload.offset()) {
      throw new OffsetMismatchException(upload.offset(), state.offset());
    }
    if (state.completed()) {
      return new CompletedWriter(state.info());
    }
    return new S3ChunkWriter(objects, uploader, sizing, finisher, tempDir, maxBufferedParts, spool, state, tails,
        verifier, lock);
  }

  /** The state the caller read under its lock at {@code offset}, or read again when it is not at hand. */
  private UploadState handedOver(String id, long offset) throws IOException {
    Optional<StateHandoff.Entry> entry = handoff.take(id, offset);
    if (entry.isPresent()) {
      return entry.get().state();
    }
    return load(id).orElseThrow(() -> new UploadNotFoundException(id));
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
    Optional<StateHandoff.Entry> entry = handoff.take(id);
    long read = entry.isPresent() ? entry.get().read() : handoff.beginRead();
    UploadState state = entry.isPresent() ? entry.get().state()
        : reader.load(S3Keys.parse(id).orElseThrow(() -> new UploadNotFoundException(id)))
            .orElseThrow(() -> new UploadNotFoundException(id));
    UploadInfo declared = state.info().withSize(length);
    String eTag = rewriteInfo(state, declared);
    UploadState updated = state.withInfo(declared, eTag);
    if (length == state.offset()) {
      finisher.finish(updated);
    } else {
      // the chunk that declared the length follows under the same lock
      handoff.offer(id, updated, read);
    }
  }

  /** Rewrites the description of an upload whose state was read under its lock, if nobody changed it since. */
  private String rewriteInfo(UploadState state, UploadInfo info) throws IOException {
    try {
      return writeInfo(state.ref(), info, Precondition.matching(state.infoETag()));
    } catch (PreconditionFailedException e) {
      throw new LockLostException(state.ref().id());
    }
  }

  @Override
  public void terminate(String id) throws IOException {
    UploadState state = load(id).orElseThrow(() -> new UploadNotFoundException(id));
    String objectId = state.ref().objectId();
    handoff.forget(id);
    reader.forget(objectId);
    tails.remove(objectId);
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
      rewriteInfo(target, target.info().withSize(total));
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

  /**
   * Every upload, from two listings (objects, and multipart uploads in progress) instead of reading each upload: an
   * unfinished upload's ID is its object ID and its multipart upload's ID; only completed uploads (and the rare object
   * with several multipart uploads) need their {@code .info} read to learn it.
   */
  @Override
  public List<String> listIds() throws IOException {
    Map<String, Listing> uploads = listing();
    Map<String, List<String>> inProgress = objects.listMultipartUploads();
    List<String> ids = new ArrayList<>();
    for (Listing upload : uploads.values()) {
      idOf(upload, inProgress).ifPresent(ids::add);
    }
    return ids;
  }

  /** Records under {@code <prefix>.tus/<kind>/} (see {@link S3Records}). */
  @Override
  public Records records(String kind) {
    return new S3Records(clients.store(), objects.bucket(), objects.keys().prefix(), kind);
  }

  /**
   * The unfinished uploads whose {@code .info} and {@code .part} were both last written before {@code cutoff}, from a
   * listing of the bucket: no upload is read. Parts are not listed by ListObjectsV2, so an upload last changed by a
   * part alone (no tail left) can be named while not expired; the caller reads each candidate before deleting it.
   */
  @Override
  public List<String> expirationCandidates(Instant cutoff) throws IOException {
    List<Listing> candidates = new ArrayList<>();
    for (Listing upload : listing().values()) {
      if (upload.object == null && upload.lastModified().isBefore(cutoff)) {
        candidates.add(upload);
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> inProgress = objects.listMultipartUploads();
    List<String> ids = new ArrayList<>();
    for (Listing upload : candidates) {
      idOf(upload, inProgress).ifPresent(ids::add);
    }
    return ids;
  }

  /** What one listing shows of an upload: its {@code .info}, object (once complete) and tail. */
  private static final class Listing {
    final String objectId;
    Listed info;
    Listed object;
    Listed tail;

    Listing(String objectId) {
      this.objectId = objectId;
    }

    /** The newer of the {@code .info} and tail modification times (the epoch when the service gave none). */
    Instant lastModified() {
      Instant modified = info.lastModified() != null ? info.lastModified() : Instant.EPOCH;
      if (tail != null && tail.lastModified() != null && tail.lastModified().isAfter(modified)) {
        modified = tail.lastModified();
      }
      return modified;
    }
  }

  /** The uploads under the prefix (those with a {@code .info}), by object ID, from one listing. */
  private Map<String, Listing> listing() throws IOException {
    S3Keys keys = objects.keys();
    Map<String, Listing> uploads = new LinkedHashMap<>();
    Map<String, Listed> others = new HashMap<>();
    for (Listed listed : objects.listAll()) {
      Optional<String> objectId = keys.objectIdOfInfoKey(listed.key());
      if (objectId.isPresent()) {
        uploads.computeIfAbsent(objectId.get(), Listing::new).info = listed;
      } else {
        others.put(listed.key(), listed);
      }
    }
    for (Listing upload : uploads.values()) {
      upload.object = others.get(keys.object(upload.objectId));
      upload.tail = others.get(keys.tail(upload.objectId));
    }
    return uploads;
  }

  /** An upload's ID: from its one multipart upload in progress, else from its {@code .info}. */
  private Optional<String> idOf(Listing upload, Map<String, List<String>> inProgress) throws IOException {
    List<String> multipart = inProgress.getOrDefault(objects.keys().object(upload.objectId), List.of());
    if (upload.object == null && multipart.size() == 1) {
      return Optional.of(new UploadRef(upload.objectId, multipart.get(0)).id());
    }
    if (upload.object == null && multipart.isEmpty()) {
      // neither complete nor in progress: half terminated, nothing to serve
      return Optional.empty();
    }
    Optional<S3Objects.Stored> stored = objects.getInfo(upload.objectId);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(stored.get().bytes(), UploadInfo.class).id());
    } catch (IOException e) {
      // not a tus .info object
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    uploader.close();
    clients.store().close();
    clients.downloads().close();
    clients.probes().close();
  }

  /** Reads an upload's state from S3 and leaves it for a write that follows under the same lock. */
  private Optional<UploadState> load(String id) throws IOException {
    Optional<UploadRef> ref = S3Keys.parse(id);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    long read = handoff.beginRead();
    Optional<UploadState> state = reader.load(ref.get());
    if (state.isPresent()) {
      handoff.offer(id, state.get(), read);
    } else {
      handoff.forget(id);
    }
    return state;
  }

  /** Writes the description (offset 0, as tusd does) if {@code condition} holds; returns the new ETag. */
  private String writeInfo(UploadRef ref, UploadInfo info, Precondition condition) throws IOException {
    UploadInfo described = info.withOffset(0);
    String eTag = objects.putInfo(ref.objectId(), json.writeValueAsBytes(described), condition);
    reader.written(ref.objectId(), eTag, described);
    return eTag;
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
