package dev.resumable.tus.store.file;

import dev.resumable.tus.store.ChunkVerifier;
import dev.resumable.tus.store.UploadInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run by {@link FileStoreFsyncTest} in a child JVM under strace: a file store with {@code fsync} on creates a
 * deferred-length upload, writes a chunk and declares its length (a second {@code .info} rename).
 */
public final class FsyncProbe {
  private FsyncProbe() {
  }

  public static void main(String[] args) throws Exception {
    FileStore store = new FileStore(Path.of(args[0]), true);
    String id = args[1];
    store.create(UploadInfo.deferred(id));
    store.write(id, 0, new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)), ChunkVerifier.NONE);
    store.declareLength(id, 5);
    System.out.println("done");
  }
}
