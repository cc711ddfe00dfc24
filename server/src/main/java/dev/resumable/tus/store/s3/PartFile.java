package dev.resumable.tus.store.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** One part buffered on local disk: appended to while the chunk is read, uploaded from, then deleted. */
final class PartFile implements AutoCloseable {
  private final Path path;
  private FileChannel channel;
  private long size;

  PartFile(Path dir) {
    this.path = dir.resolve("tus-s3-" + UUID.randomUUID() + ".part");
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** Records bytes that were written to {@link #path()} directly (a downloaded tail). */
  void adopt() throws IOException {
    size = Files.size(path);
  }

  /** Appends every remaining byte of {@code bytes}. */
  void append(ByteBuffer bytes) throws IOException {
    if (channel == null) {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
    while (bytes.hasRemaining()) {
      size += channel.write(bytes);
    }
  }

  /** Closes the file between appends (a stalled client holds no descriptor); the next append reopens it. */
  void idle() throws IOException {
    if (channel != null) {
      FileChannel open = channel;
      channel = null;
      open.close();
    }
  }

  /** Ends writing; the file can be uploaded. */
  void seal() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
    if (!Files.exists(path)) {
      Files.createFile(path);
    }
  }

  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      path.toFile().deleteOnExit();
    }
  }
}
