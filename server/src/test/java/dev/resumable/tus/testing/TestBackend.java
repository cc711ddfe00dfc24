package dev.resumable.tus.testing;

import dev.resumable.tus.store.UploadStore;
import dev.resumable.tus.store.file.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The store a {@link TestServer} runs on: the file store by default, S3 for the {@code S3*Test} variants. */
public interface TestBackend {

  /** Opens the store for a test whose temporary directory is {@code dir} (the same store again for the same dir). */
  UploadStore open(Path dir) throws IOException;

  /** A view of what the store opened for {@code dir} holds. */
  StoredUploads stored(Path dir);

  /** The file store in the test's temporary directory. */
  TestBackend FILE = new TestBackend() {
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
  };
}
