package dev.resumable.tus.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The durable description of one upload, as a store reports it.
 *
 * <p>The JSON form uses tusd's field names ({@code ID}, {@code Size}, {@code SizeIsDeferred}, {@code Offset},
 * {@code MetaData}, {@code IsPartial}, {@code IsFinal}, {@code PartialUploads}, {@code Storage}) so that the
 * {@code .info} files and objects written by tusd can be read as they are, and the other way round. Two extra fields:
 * {@code UploadConcat}, keeps the {@code Upload-Concat} header of a final upload as the client sent it, and
 * {@code BinaryMetaData} the exact bytes of metadata values that are not UTF-8; tusd ignores both.
 *
 * <p>Instances are immutable; the {@code with…} methods return changed copies.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"ID", "Size", "SizeIsDeferred", "Offset", "MetaData", "IsPartial", "IsFinal", "PartialUploads",
    "Storage", "UploadConcat", "BinaryMetaData"})
public final class UploadInfo {
  private final String id;
  private final long size;
  private final boolean sizeIsDeferred;
  private final long offset;
  private final Map<String, String> metadata;
  private final Map<String, String> binaryMetadata;
  private final boolean partial;
  private final boolean isFinal;
  private final List<String> partialUploads;
  private final Map<String, String> storage;
  private final String uploadConcat;
  private final Instant lastModified;

  @JsonCreator
  UploadInfo(
      @JsonProperty("ID") String id,
      @JsonProperty("Size") long size,
      @JsonProperty("SizeIsDeferred") boolean sizeIsDeferred,
      @JsonProperty("Offset") long offset,
      @JsonProperty("MetaData") Map<String, String> metadata,
      @JsonProperty("IsPartial") boolean partial,
      @JsonProperty("IsFinal") boolean isFinal,
      @JsonProperty("PartialUploads") List<String> partialUploads,
      @JsonProperty("Storage") Map<String, String> storage,
      @JsonProperty("UploadConcat") String uploadConcat,
      @JsonProperty("BinaryMetaData") Map<String, String> binaryMetadata) {
    this(id, size, sizeIsDeferred, offset, metadata, binaryMetadata, partial, isFinal, partialUploads, storage,
        uploadConcat, null);
  }

  private UploadInfo(String id, long size, boolean sizeIsDeferred, long offset, Map<String, String> metadata,
      Map<String, String> binaryMetadata, boolean partial, boolean isFinal, List<String> partialUploads, Map<String, String> storage,
      String uploadConcat, Instant lastModified) {
    this.id = Objects.requireNonNull(id, "ID");
    this.size = sizeIsDeferred ? 0 : size;
    this.sizeIsDeferred = sizeIsDeferred;
    this.offset = offset;
    this.metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    Map<String, String> binary = new LinkedHashMap<>(binaryMetadata == null ? Map.of() : binaryMetadata);
    binary.keySet().retainAll(this.metadata.keySet());
    this.binaryMetadata = Collections.unmodifiableMap(binary);
    this.partial = partial;
    this.isFinal = isFinal;
    this.partialUploads = partialUploads == null ? List.of() : List.copyOf(partialUploads);
    this.storage = storage == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(storage));
    this.uploadConcat = uploadConcat;
    this.lastModified = lastModified;
  }

  /**
   * A copy of {@code from} with other scalar fields: its collections are already immutable and normalised (binary
   * metadata within the metadata's keys), so they are shared, not copied again.
   */
  private UploadInfo(UploadInfo from, String id, long size, boolean sizeIsDeferred, long offset, boolean partial,
      boolean isFinal, Instant lastModified) {
    this.id = Objects.requireNonNull(id, "ID");
    this.size = sizeIsDeferred ? 0 : size;
    this.sizeIsDeferred = sizeIsDeferred;
    this.offset = offset;
    this.metadata = from.metadata;
    this.binaryMetadata = from.binaryMetadata;
    this.partial = partial;
    this.isFinal = isFinal;
    this.partialUploads = from.partialUploads;
    this.storage = from.storage;
    this.uploadConcat = from.uploadConcat;
    this.lastModified = lastModified;
  }

  /** A new, empty upload of known length. */
  public static UploadInfo ofLength(String id, long size) {
    return new UploadInfo(id, size, false, 0, null, null, false, false, null, null, null, null);
  }

  /** A new, empty upload whose length the client will declare later. */
  public static UploadInfo deferred(String id) {
    return new UploadInfo(id, 0, true, 0, null, null, false, false, null, null, null, null);
  }

  /** The upload's ID: URL-safe, unique within its store. */
  @JsonProperty("ID")
  public String id() {
    return id;
  }

  /** The declared length in bytes; meaningless while {@link #sizeIsDeferred()}. */
  @JsonProperty("Size")
  public long size() {
    return size;
  }

  /** True while the client has not declared the length yet (creation-defer-length). */
  @JsonProperty("SizeIsDeferred")
  public boolean sizeIsDeferred() {
    return sizeIsDeferred;
  }

  /** Bytes durably stored. Stores derive it from the stored data, never from a counter that can lag. */
  @JsonProperty("Offset")
  public long offset() {
    return offset;
  }

  /**
   * Decoded metadata, in the order the client sent it, as tusd holds it: a key without value maps to the empty
   * string, and a value that is not UTF-8 text has each invalid byte replaced by U+FFFD (Go's JSON encoding of its
   * byte strings). Hooks and tusd see this; the exact bytes of such values are in {@link #binaryMetadata()}.
   */
  @JsonProperty("MetaData")
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * The exact bytes, base64, of the metadata values that are not UTF-8 text, by key (a subset of
   * {@link #metadata()}'s keys); empty for text-only metadata. Stored as {@code BinaryMetaData}, a field tusd
   * ignores, so that {@code Upload-Metadata} is echoed byte for byte.
   */
  @JsonProperty("BinaryMetaData")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public Map<String, String> binaryMetadata() {
    return binaryMetadata;
  }

  /** True for a partial upload of the concatenation extension. */
  @JsonProperty("IsPartial")
  public boolean isPartial() {
    return partial;
  }

  /** True for a final upload of the concatenation extension. */
  @JsonProperty("IsFinal")
  public boolean isFinal() {
    return isFinal;
  }

  /** IDs of the partial uploads a final upload joins, in order; empty otherwise. */
  @JsonProperty("PartialUploads")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<String> partialUploads() {
    return partialUploads;
  }

  /** Where the store keeps the upload (tusd's {@code Storage}: {@code Type}, {@code Path}, {@code Bucket}, …). */
  @JsonProperty("Storage")
  public Map<String, String> storage() {
    return storage;
  }

  /** The {@code Upload-Concat} header a final upload was created with, as received; null otherwise. */
  @JsonProperty("UploadConcat")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String uploadConcat() {
    return uploadConcat;
  }

  /** When the upload last received data or changed, as the store observed it; null if unknown. */
  @JsonIgnore
  public Instant lastModified() {
    return lastModified;
  }

  /** True once every declared byte is stored. A deferred-length upload is never complete. */
  @JsonIgnore
  public boolean isComplete() {
    return !sizeIsDeferred && offset >= size;
  }

  /** A copy with another ID (a pre-create hook may choose it; S3 extends it to {@code <objectId>+<uploadId>}). */
  public UploadInfo withId(String newId) {
    return new UploadInfo(this, newId, size, sizeIsDeferred, offset, partial, isFinal, lastModified);
  }

  /** A copy with the given metadata, all of it text (a hook's {@code ChangeFileInfo.MetaData}). */
  public UploadInfo withMetadata(Map<String, String> newMetadata) {
    return withMetadata(newMetadata, null);
  }

  /**
   * A copy with the given metadata: {@code text} as in {@link #metadata()}, {@code binary} the exact bytes (base64) of
   * the values among them that are not UTF-8, as in {@link #binaryMetadata()}.
   */
  public UploadInfo withMetadata(Map<String, String> text, Map<String, String> binary) {
    return new UploadInfo(id, size, sizeIsDeferred, offset, text, binary, partial, isFinal, partialUploads,
        storage, uploadConcat, lastModified);
  }

  /** A copy marked as a partial upload. */
  public UploadInfo asPartial() {
    return new UploadInfo(this, id, size, sizeIsDeferred, offset, true, false, lastModified);
  }

  /** A copy marked as the final upload joining {@code partials}; {@code header} is the Upload-Concat received. */
  public UploadInfo asFinal(List<String> partials, String header) {
    return new UploadInfo(id, size, sizeIsDeferred, offset, metadata, binaryMetadata, false, true, partials, storage,
        header, lastModified);
  }

  /** A copy with a known length. */
  public UploadInfo withSize(long newSize) {
    return new UploadInfo(this, id, newSize, false, offset, partial, isFinal, lastModified);
  }

  /** A copy whose length is still to be declared. */
  public UploadInfo withDeferredSize() {
    return new UploadInfo(this, id, 0, true, offset, partial, isFinal, lastModified);
  }

  /** A copy with the given offset. */
  public UploadInfo withOffset(long newOffset) {
    return new UploadInfo(this, id, size, sizeIsDeferred, newOffset, partial, isFinal, lastModified);
  }

  /** A copy with the given storage description. */
  public UploadInfo withStorage(Map<String, String> newStorage) {
    return new UploadInfo(id, size, sizeIsDeferred, offset, metadata, binaryMetadata, partial, isFinal,
        partialUploads, newStorage, uploadConcat, lastModified);
  }

  /** A copy with the given last-modified time. */
  public UploadInfo withLastModified(Instant time) {
    return new UploadInfo(this, id, size, sizeIsDeferred, offset, partial, isFinal, time);
  }

  @Override
  public String toString() {
    return "UploadInfo{id=" + id + ", size=" + (sizeIsDeferred ? "deferred" : size) + ", offset=" + offset
        + (partial ? ", partial" : "") + (isFinal ? ", final" + partialUploads : "") + "}";
  }
}
