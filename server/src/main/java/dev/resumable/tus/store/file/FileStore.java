package dev.resumable.tus.store.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.lock.Lock;
import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.ChunkWriter;
import dev.resumable.tus.store.Concatenater;
import dev.resumable.tus.store.DirectoryRecords;
import dev.resumable.tus.store.DownloadReader;
import dev.resumable.tus.store.Downloader;
import dev.resumable.tus.store.LengthDeferrer;
import dev.resumable.tus.store.Lister;
import dev.resumable.tus.store.OffsetMismatchException;
import dev.resumable.tus.store.RecordKeeper;
import dev.resumable.tus.store.Records;
import dev.resumable.tus.store.Terminater;
import dev.resumable.tus.store.UploadIdTakenException;
import dev.resumable.tus.store.UploadInfo;
import dev.resumable.tus.store.UploadNotFoundException;
import dev.resumable.tus.store.UploadStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores uploads on a local or shared file system, in tusd's filestore layout: the bytes in {@code <dir>/<id>} and
 * the description in {@code <dir>/<id>.info} (JSON, tusd field names). A tusd upload directory is served as it is.
 *
 * <p>Durability rules: the true offset is the data file's length, so whatever reached the file before a crash is the
 * offset after it; the {@code .info} file is only ever replaced whole (temporary file, then atomic rename). A chunk
 * that fails verification is truncated away. With {@code fsync} on, a write returns only once its bytes and the
 * file's size are on stable storage.
 */
public final class FileStore implements UploadStore, Terminater, LengthDeferrer, Concatenater, Downloader, Lister,
    RecordKeeper {

  /** Storage type recorded in {@code Storage.Type}, as tusd does. */
  public static final String TYPE = "filestore";
  private static final String INFO_SUFFIX = ".info";
  private static final int INFO_CACHE_LIMIT = 10_000;
  /** The longest ID this store holds (see {@link #isSafe}). */
  private static final int MAX_ID_LENGTH = 200;

  private final Path dir;
  private final boolean fsync;
  private final ObjectMapper json = new ObjectMapper();
  /** Parsed {@code .info} files, trusted only while the file is unchanged (see {@link #find}). */
  private final Map<String, CachedInfo> infoCache = new ConcurrentHashMap<>();

  /**
   * Opens (creating if needed) the upload directory.
   *
   * @throws IOException with a message naming the directory when it cannot be created or written
   */
  public FileStore(Path dir, boolean fsync) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    this.fsync = fsync;
    try {
      Files.createDirectories(this.dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("upload directory " + this.dir + " exists and is not a directory", e);
    } catch (AccessDeniedException e) {
      throw new IOException("upload directory " + this.dir + " cannot be created: permission denied", e);
    } catch (FileSystemException e) {
      String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
      throw new IOException("upload directory " + this.dir + " cannot be created: " + reason, e);
    }
    checkReady();
  }

  /** The absolute upload directory. */
  public Path directory() {
    return dir;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void checkReady() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("upload directory " + dir + " does not exist");
    }
    Path probe = dir.resolve(".probe-" + UUID.randomUUID());
    try {
      Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW);
      Files.delete(probe);
    } catch (IOException e) {
      throw new IOException("upload directory " + dir + " is not writable: " + e.getMessage(), e);
    }
  }

  @Override
  public UploadInfo create(UploadInfo info) throws IOException {
    String id = info.id();
    requireSafe(id);
    Path data = dataPath(id);
    if (isPresent(infoPath(id))) {
      throw new UploadIdTakenException(id, "its .info file exists");
    }
    try {
      Files.createFile(data);
    } catch (FileAlreadyExistsException e) {
      throw new UploadIdTakenException(id, "its data file exists");
    }
    UploadInfo stored = info.withOffset(0).withStorage(storageOf(id));
    writeInfo(stored);
    return stored.withLastModified(Instant.now());
  }

  /**
   * Two {@code statx} calls when the {@code .info} file is unchanged since this process last read or wrote it (its
   * parsed form is cached, keyed by file identity, size and modification time: the file is only ever replaced by
   * rename, so a change by any process shows), plus one read when it changed. The offset is always the data file's
   * length now.
   */
  @Override
  public Optional<UploadInfo> find(String id) throws IOException {
    if (!isSafe(id)) {
      return Optional.empty();
    }
    Path infoPath = infoPath(id);
    BasicFileAttributes infoAttributes;
    UploadInfo info;
    try {
      infoAttributes = Files.readAttributes(infoPath, BasicFileAttributes.class);
      info = parsedInfo(id, infoPath, infoAttributes);
    } catch (NoSuchFileException e) {
      infoCache.remove(id);
      return Optional.empty();
    }
    long offset = 0;
    Instant modified = infoAttributes.lastModifiedTime().toInstant();
    try {
      BasicFileAttributes data = Files.readAttributes(dataPath(id), BasicFileAttributes.class);
      offset = data.size();
      Instant dataModified = data.lastModifiedTime().toInstant();
      if (dataModified.isAfter(modified)) {
        modified = dataModified;
      }
    } catch (NoSuchFileException e) {
      offset = 0;
    }
    return Optional.of(info.withOffset(offset).withLastModified(modified));
  }

  /** Whether the upload's {@code .info} file is there: one {@code statx}, none when this process knows the upload. */
  @Override
  public boolean mayExist(String id) {
    return isSafe(id) && (infoCache.containsKey(id) || isPresent(infoPath(id)));
  }

  /**
   * Whether a file is at {@code path}: one {@code stat}. {@code Files.exists} on Java 17 answers "no" by throwing and
   * catching an exception, which cost 5 % of the server's CPU on small uploads (every creation asks, and the answer is
   * "no"); {@code java.io.File} answers without one. It follows a symbolic link, which changes nothing here: a dangling
   * link named like an {@code .info} file counts as absent, and the rename that writes the file replaces the link.
   */
  private static boolean isPresent(Path path) {
    return path.toFile().exists();
  }

  private UploadInfo parsedInfo(String id, Path infoPath, BasicFileAttributes attributes) throws IOException {
    CachedInfo cached = infoCache.get(id);
    if (cached != null && cached.matches(attributes)) {
      return cached.info();
    }
    return remember(id, attributes, json.readValue(Files.readAllBytes(infoPath), UploadInfo.class));
  }

  /**
   * Caches a parsed {@code .info} with this store's {@code Storage} description, which {@link #find} reports; returns
   * what it cached.
   */
  private UploadInfo remember(String id, BasicFileAttributes attributes, UploadInfo info) {
    if (infoCache.size() >= INFO_CACHE_LIMIT) {
      infoCache.clear();
    }
    UploadInfo described = info.withStorage(storageOf(id)).withLastModified(null);
    infoCache.put(id, new CachedInfo(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(),
        described));
    return described;
  }

  /** A parsed {@code .info} file and the identity of the file it was read from. */
  private record CachedInfo(Object fileKey, long size, FileTime modified, UploadInfo info) {
    boolean matches(BasicFileAttributes attributes) {
      return fileKey != null && fileKey.equals(attributes.fileKey()) && size == attributes.size()
          && modified.equals(attributes.lastModifiedTime());
    }
  }

  /**
   * Without a verifier the chunk goes straight into the data file (each write durable as it lands, so a crash keeps
   * it). With one, it is written aside to {@code .<id>.chunk} (a name tusd and {@link #listIds} ignore) and appended
   * to the data file only once verified: before that, neither {@link #find}, downloads, concatenation nor a restart
   * after a crash see any of it.
   */
  @Override
  public ChunkWriter open(UploadInfo upload, ChunkVerifier verifier, Lock lock) throws IOException {
    String id = upload.id();
    requireSafe(id);
    lock.ensureValid();
    FileChannel data;
    try {
      data = FileChannel.open(dataPath(id), StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw new UploadNotFoundException(id);
    }
    try {
      long stored = data.size();
      if (stored != upload.offset()) {
        throw new OffsetMismatchException(upload.offset(), stored);
      }
      if (verifier == ChunkVerifier.NONE) {
        return new DirectWriter(upload, dataPath(id), data, lock);
      }
      FileChannel aside = FileChannel.open(asidePath(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
      return new VerifiedWriter(upload, data, aside, verifier, lock);
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  /**
   * Writes into the data file as bytes come: what reached the file is the upload's. The data file is open only while
   * bytes flow: {@link #idle} closes it (a stalled client holds no descriptor) and the next write reopens it.
   */
  private final class DirectWriter implements ChunkWriter {
    private final UploadInfo upload;
    private final Path path;
    private final Lock lock;
    /** The open data file, or null while idle. */
    private FileChannel data;
    private long written;

    DirectWriter(UploadInfo upload, Path path, FileChannel data, Lock lock) {
      this.upload = upload;
      this.path = path;
      this.data = data;
      this.lock = lock;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
      lock.ensureValid();
      if (data == null) {
        data = FileChannel.open(path, StandardOpenOption.WRITE);
      }
      long position = upload.offset() + written;
      while (bytes.hasRemaining()) {
        int n = data.write(bytes, position);
        position += n;
        written += n;
      }
    }

    @Override
    public void idle() throws IOException {
      if (data != null) {
        FileChannel open = data;
        data = null;
        open.close();
      }
    }

    @Override
    public UploadInfo finish() throws IOException {
      return end();
    }

    @Override
    public UploadInfo abort(boolean keepReceived) throws IOException {
      return end();
    }

    private UploadInfo end() throws IOException {
      if (fsync && written > 0 && data == null) {
        // what an idle close left in the page cache is forced through any descriptor of the file
        data = FileChannel.open(path, StandardOpenOption.WRITE);
      }
      try (FileChannel channel = data) {
        data = null;
        if (fsync && written > 0) {
          channel.force(true);
        }
      }
      return upload.withOffset(upload.offset() + written).withLastModified(Instant.now());
    }

    @Override
    public long written() {
      return written;
    }
  }

  /**
   * Writes aside until the chunk is verified, then appends it to the data file. Like {@link DirectWriter}, it holds
   * its files only while bytes flow: {@link #idle} closes the data file and the aside file (a stalled client holds no
   * descriptor); the next write reopens the aside file (it keeps what was written, its name is this upload's and the
   * caller holds the upload's lock), and {@link #finish} opens the data file when the chunk is verified.
   */
  private final class VerifiedWriter implements ChunkWriter {
    private final UploadInfo upload;
    private final ChunkVerifier verifier;
    private final Lock lock;
    /** The open data file, or null until the commit (or while idle). */
    private FileChannel data;
    /** The open aside file, or null while idle. */
    private FileChannel aside;
    private long written;

    VerifiedWriter(UploadInfo upload, FileChannel data, FileChannel aside, ChunkVerifier verifier, Lock lock) {
      this.upload = upload;
      this.data = data;
      this.aside = aside;
      this.verifier = verifier;
      this.lock = lock;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
      lock.ensureValid();
      FileChannel channel = aside();
      while (bytes.hasRemaining()) {
        written += channel.write(bytes, written);
      }
    }

    /** The aside file, reopened after an idle close; gone means the upload was terminated meanwhile. */
    private FileChannel aside() throws IOException {
      if (aside == null) {
        try {
          aside = FileChannel.open(asidePath(upload.id()), StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
          throw new UploadNotFoundException(upload.id());
        }
      }
      return aside;
    }

    @Override
    public void idle() throws IOException {
      try (FileChannel d = data; FileChannel a = aside) {
        data = null;
        aside = null;
      }
    }

    @Override
    public UploadInfo finish() throws IOException {
      try {
        verifier.verify();
        lock.ensureValid();
        FileChannel source = aside();
        if (data == null) {
          try {
            data = FileChannel.open(dataPath(upload.id()), StandardOpenOption.WRITE);
          } catch (NoSuchFileException e) {
            throw new UploadNotFoundException(upload.id());
          }
        }
        long copied = 0;
        while (copied < written) {
          copied += data.transferFrom(source, upload.offset() + copied, written - copied);
        }
        if (fsync && written > 0) {
          data.force(true);
        }
        return upload.withOffset(upload.offset() + written).withLastModified(Instant.now());
      } finally {
        release();
      }
    }

    @Override
    public UploadInfo abort(boolean keepReceived) throws IOException {
      release();
      return upload;
    }

    private void release() throws IOException {
      try (FileChannel d = data; FileChannel a = aside) {
        data = null;
        aside = null;
        Files.deleteIfExists(asidePath(upload.id()));
      }
    }

    @Override
    public long written() {
      return written;
    }
  }

  @Override
  public void declareLength(String id, long length) throws IOException {
    UploadInfo info = find(id).orElseThrow(() -> new UploadNotFoundException(id));
    writeInfo(info.withSize(length));
  }

  @Override
  public void terminate(String id) throws IOException {
    requireSafe(id);
    infoCache.remove(id);
    if (!Files.deleteIfExists(infoPath(id))) {
      throw new UploadNotFoundException(id);
    }
    Files.deleteIfExists(dataPath(id));
    Files.deleteIfExists(asidePath(id));
  }

  @Override
  public void concatenate(String finalId, List<String> partialIds) throws IOException {
    UploadInfo finalInfo = find(finalId).orElseThrow(() -> new UploadNotFoundException(finalId));
    long total = 0;
    try (FileChannel out = FileChannel.open(dataPath(finalId), StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (String partialId : partialIds) {
        requireSafe(partialId);
        try (FileChannel in = FileChannel.open(dataPath(partialId), StandardOpenOption.READ)) {
          long size = in.size();
          long copied = 0;
          while (copied < size) {
            copied += in.transferTo(copied, size - copied, out);
          }
          total += size;
        } catch (NoSuchFileException e) {
          throw new UploadNotFoundException(partialId);
        }
      }
      if (fsync) {
        out.force(true);
      }
    }
    if (finalInfo.sizeIsDeferred() || finalInfo.size() != total) {
      writeInfo(finalInfo.withSize(total));
    }
  }

  @Override
  public InputStream read(String id, long start, long length) throws IOException {
    requireSafe(id);
    FileChannel channel;
    try {
      channel = FileChannel.open(dataPath(id), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new UploadNotFoundException(id);
    }
    channel.position(start);
    return new BoundedStream(Channels.newInputStream(channel), length);
  }

  /** Positional reads of the data file, opened now (an unknown upload fails here). */
  @Override
  public DownloadReader open(String id, long start, long length) throws IOException {
    requireSafe(id);
    try {
      return new FileRangeReader(FileChannel.open(dataPath(id), StandardOpenOption.READ), start, length);
    } catch (NoSuchFileException e) {
      throw new UploadNotFoundException(id);
    }
  }

  /** Records as files {@code <dir>/<name>.<kind>} beside the uploads (see {@link DirectoryRecords}). */
  @Override
  public Records records(String kind) throws IOException {
    return new DirectoryRecords(dir, kind);
  }

  @Override
  public List<String> listIds() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + INFO_SUFFIX)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String id = name.substring(0, name.length() - INFO_SUFFIX.length());
        if (isSafe(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /**
   * Replaces the {@code .info} file whole (temporary file, then atomic rename) and remembers what it wrote, keyed by
   * the new file's identity, size and modification time (a rename keeps them): the next {@link #find} sees the file
   * unchanged and does not read it back.
   */
  private void writeInfo(UploadInfo info) throws IOException {
    String id = info.id();
    Path target = infoPath(id);
    Path temp = dir.resolve("." + id + INFO_SUFFIX + "." + UUID.randomUUID() + ".tmp");
    infoCache.remove(id);
    boolean moved = false;
    try {
      byte[] written = json.writeValueAsBytes(info);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(written);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        if (fsync) {
          channel.force(true);
        }
      }
      BasicFileAttributes attributes = Files.readAttributes(temp, BasicFileAttributes.class);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      syncDirectory();
      // as find() would parse it: the JSON form holds every field but the last-modified time, which find() sets
      remember(id, attributes, info);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * With {@code fsync}, makes the directory's entries durable: a rename or a new file is an entry of the directory,
   * which forcing the file itself does not persist. After {@code create} this one call covers both the new data file
   * and the renamed {@code .info} (same directory, and the data file is created first).
   */
  private void syncDirectory() throws IOException {
    if (fsync) {
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    }
  }

  private Map<String, String> storageOf(String id) {
    Map<String, String> storage = new LinkedHashMap<>();
    storage.put("Type", TYPE);
    storage.put("Path", dataPath(id).toString());
    storage.put("InfoPath", infoPath(id).toString());
    return storage;
  }

  private static void requireSafe(String id) throws UploadNotFoundException {
    if (!isSafe(id)) {
      throw new UploadNotFoundException(id);
    }
  }

  /**
   * True for IDs this store can map to a file name inside its directory: 1 to 200 of {@code [A-Za-z0-9_+~-]}, not
   * starting with {@code +} or {@code ~}; no dots, so no collision with {@code .info}/{@code .lock} and no traversal.
   * A loop rather than a regular expression, since every request on an upload checks it.
   */
  static boolean isSafe(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-' || (i > 0 && (c == '+' || c == '~'));
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  private Path dataPath(String id) {
    return dir.resolve(id);
  }

  /** Where a chunk waits for verification; starts with a dot, so no upload ID can name it. */
  private Path asidePath(String id) {
    return dir.resolve("." + id + ".chunk");
  }

  private Path infoPath(String id) {
    return dir.resolve(id + INFO_SUFFIX);
  }
}
