package dev.resumable.tus.store.file;

import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.testing.StoredUploads;
import dev.resumable.tus.testing.TestBackend;
import dev.resumable.tus.testing.TestLocker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The file store's fixture: the store is the test's temporary directory, in tusd's filestore layout. */
public final class FileTestBackend implements TestBackend {
  /** The one instance (the fixture has no state). */
  public static final FileTestBackend INSTANCE = new FileTestBackend();

  private FileTestBackend() {
  }

  @Override
  public UploadStore open(Path dir) throws IOException {
    return new FileStore(dir, false);
  }

  @Override
  public StoredUploads stored(Path dir) {
    return new StoredUploads() {
      @Override
      public byte[] bytes(String upload) throws IOException {
        try {
          return Files.readAllBytes(dir.resolve(StoredUploads.idOf(upload)));
        } catch (NoSuchFileException e) {
          return new byte[0];
        }
      }

      @Override
      public long size(String upload) throws IOException {
        Path data = dir.resolve(StoredUploads.idOf(upload));
        return Files.exists(data) ? Files.size(data) : 0;
      }

      @Override
      public boolean exists(String upload) {
        String id = StoredUploads.idOf(upload);
        return Files.exists(dir.resolve(id)) || Files.exists(dir.resolve(id + ".info"));
      }

      @Override
      public long count() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
          return files.count();
        }
      }
    };
  }

  @Override
  public String idPattern() {
    return "[0-9a-f]{32}";
  }

  @Override
  public boolean durableAsTheyArrive() {
    return true;
  }

  @Override
  public List<TestLocker> lockers() {
    return List.of(TestLocker.MEMORY, TestLocker.FILE);
  }

  @Override
  public CommandLine commandLine(Path dir) {
    return new CommandLine(List.of("-upload-dir", dir.toString()), Map.of());
  }

  /** The executable's default locker on the file store is the file locker, whose lease is {@code <id>.lock}. */
  @Override
  public Optional<Path> leaseOf(Path dir, String id) {
    return Optional.of(dir.resolve(id + ".lock"));
  }

  @Override
  public String toString() {
    return "file";
  }
}
