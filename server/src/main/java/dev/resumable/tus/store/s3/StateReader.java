package dev.resumable.tus.store.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.s3.S3Keys.UploadRef;
import dev.resumable.tus.store.s3.S3Objects.Head;
import dev.resumable.tus.store.s3.S3Objects.Listed;
import dev.resumable.tus.store.s3.S3Objects.Stored;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Reads an upload's {@link UploadState} from S3 with as few requests as the layout allows, every time from what S3
 * holds now (nothing is trusted from an earlier read):
 * <ol>
 *   <li>one ListObjectsV2 on the upload's key prefix shows which of {@code <id>}, {@code <id>.info} and
 *       {@code <id>.part} exist, with their sizes, ETags and modification times. The object existing means the
 *       multipart upload was completed: nothing more is needed;</li>
 *   <li>otherwise ListParts gives the parts (the multipart upload gone means the upload is gone);</li>
 *   <li>the {@code .info} is downloaded only when its listed ETag differs from the one of the copy this process
 *       parsed last (a small, bounded cache of descriptions keyed by ETag: an ETag names the content);</li>
 *   <li>the tail's user metadata (the part number it precedes, see {@link S3Objects#NEXT_PART_METADATA}) is read
 *       with a HeadObject only when parts exist, since only then can a tail be stale.</li>
 * </ol>
 * So a HEAD costs two requests (three when the description changed or a tail follows parts), and one request once
 * the upload is complete.
 */
final class StateReader {
  /** Parsed descriptions kept, at most (each is the size of its metadata). */
  private static final int MAX_CACHED_INFOS = 4096;

  private final S3Objects objects;
  private final ObjectMapper json;
  private final Map<String, CachedInfo> infos = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CachedInfo> eldest) {
      return size() > MAX_CACHED_INFOS;
    }
  };

  /** A parsed {@code .info} and the ETag of the object it was parsed from. */
  private record CachedInfo(String eTag, UploadInfo info) { }

  StateReader(S3Objects objects, ObjectMapper json) {
    this.objects = objects;
    this.json = json;
  }

  /** The state of {@code ref} as S3 holds it now; empty when the upload does not exist (or was half terminated). */
  Optional<UploadState> load(UploadRef ref) throws IOException {
    S3Keys keys = objects.keys();
    String objectKey = keys.object(ref.objectId());
    String infoKey = keys.info(ref.objectId());
    String tailKey = keys.tail(ref.objectId());
    Listed object = null;
    Listed info = null;
    Listed tail = null;
    for (Listed listed : objects.listFrom(objectKey, tailKey)) {
      if (listed.key().equals(objectKey)) {
        object = listed;
      } else if (listed.key().equals(infoKey)) {
        info = listed;
      } else if (listed.key().equals(tailKey)) {
        tail = listed;
      }
    }
    if (info == null) {
      forget(ref.objectId());
      return Optional.empty();
    }
    Optional<CachedInfo> description = describe(ref.objectId(), info.eTag());
    if (description.isEmpty() || !ref.id().equals(description.get().info().id())) {
      return Optional.empty();
    }
    UploadInfo described = description.get().info();
    String infoETag = description.get().eTag();
    if (object != null) {
      return Optional.of(new UploadState(ref, described, infoETag, List.of(), Optional.empty(), true,
          later(info, object)));
    }
    Optional<List<Part>> parts = objects.listParts(ref);
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    Optional<Head> tailHead = Optional.empty();
    if (tail != null) {
      tailHead = parts.get().isEmpty() ? Optional.of(tail.head()) : objects.head(tailKey);
    }
    return Optional.of(new UploadState(ref, described, infoETag, parts.get(), tailHead, false,
        info.lastModified()));
  }

  /** Remembers a description this process wrote, so the next read need not download it. */
  void written(String objectId, String eTag, UploadInfo info) {
    if (eTag == null) {
      return;
    }
    synchronized (infos) {
      infos.put(objectId, new CachedInfo(eTag, info.withOffset(0).withLastModified(null)));
    }
  }

  /** Forgets what is known of an upload (terminated). */
  void forget(String objectId) {
    synchronized (infos) {
      infos.remove(objectId);
    }
  }

  /** The description whose ETag is {@code listedETag}: the cached copy, or downloaded and parsed. */
  private Optional<CachedInfo> describe(String objectId, String listedETag) throws IOException {
    synchronized (infos) {
      CachedInfo cached = infos.get(objectId);
      if (cached != null && S3Objects.sameETag(cached.eTag(), listedETag)) {
        return Optional.of(cached);
      }
    }
    Optional<Stored> stored = objects.getInfo(objectId);
    if (stored.isEmpty()) {
      forget(objectId);
      return Optional.empty();
    }
    UploadInfo info = json.readValue(stored.get().bytes(), UploadInfo.class);
    CachedInfo fresh = new CachedInfo(stored.get().eTag(), info);
    synchronized (infos) {
      infos.put(objectId, fresh);
    }
    return Optional.of(fresh);
  }

  private static java.time.Instant later(Listed a, Listed b) {
    return b.lastModified() != null && (a.lastModified() == null || b.lastModified().isAfter(a.lastModified()))
        ? b.lastModified() : a.lastModified();
  }
}
