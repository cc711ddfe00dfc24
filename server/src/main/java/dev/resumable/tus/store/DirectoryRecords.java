package dev.resumable.tus.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Records} as files {@code <dir>/<name>.<kind>} in one directory (the file store's upload directory, or a
 * directory of their own). Written to a temporary dot-file, forced to disk and renamed over, then the directory is
 * forced, so a record survives a crash once {@link #put} returned. The file store's listing ignores these files (its
 * uploads are {@code .info} files, and its IDs never contain a dot).
 */
public final class DirectoryRecords implements Records {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryRecords.class);

  private final Path dir;
  private final String suffix;

  /**
   * @param dir the directory, created when missing
   * @param kind the kind of record: the file name suffix after a dot
   */
  public DirectoryRecords(Path dir, String kind) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    this.suffix = "." + kind;
    Files.createDirectories(this.dir);
  }

  @Override
  public void put(String name, byte[] content) throws IOException {
    Path target = fileOf(name);
    Path temp = dir.resolve("." + name + suffix + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Optional<byte[]> get(String name) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(fileOf(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(fileOf(name));
  }

  @Override
  public List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - suffix.length());
        if (Records.isSafeName(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  @Override
  public String describe() {
    return dir + "/*" + suffix;
  }

  private Path fileOf(String name) {
    if (!Records.isSafeName(name)) {
      throw new IllegalArgumentException("not a record name: " + name);
    }
    return dir.resolve(name + suffix);
  }

  private void forceDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("cannot force directory {}: {}", dir, e.toString());
    }
  }
}
