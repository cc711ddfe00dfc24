package dev.resumable.tus.lock.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease files of one {@link FileLocker}, kept between leases so that taking and releasing a lock allocates and
 * frees no inode: a lease is a second name ({@code <id>.lock}) hard-linked to one of these files, and releasing it
 * removes that name only.
 *
 * <p>Why: on file systems that look for a free inode past the recently freed ones (ext4 without a journal skips each
 * inode freed in the last seconds to minutes, one by one), a new file per lease made every file creation in the
 * directory slower the more locks had been taken; under 256 concurrent uploads that search took a fifth of the
 * server's CPU. A lease's other costs are the link and the unlink, both directory operations the protocol needs.
 *
 * <p>The files live in {@code .tus-leases/} inside the lock directory, one per lease held at once, named by their
 * token and holding {@code host pid token}. A file is reused only when its one remaining name is its own (link count
 * 1): a lease name that a stale-lease breaker linked back stays with its file, which is then dropped. A file whose
 * owner died is found by its age: an owner touches its idle files every third of the time-to-live, and any locker
 * deletes files in that directory older than three times the time-to-live (a lease name linked to such a file keeps
 * it alive and is judged by the lease rules).
 */
final class SpareLeases {
  private static final Logger LOG = LoggerFactory.getLogger(SpareLeases.class);
  /** The directory of lease files, inside the lock directory (a dot name: tusd and the stores' listings skip it). */
  static final String DIR = ".tus-leases";
  /** Idle files kept at most; a burst beyond it frees the extra files as their leases end. */
  private static final int MAX_IDLE = 1024;

  private final Path dir;
  private final String content;
  private final Duration ttl;
  private final Deque<Spare> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private volatile long collectedAtNanos = System.nanoTime();

  /**
   * @param lockDir the lock directory
   * @param owner {@code host pid}, the start of every file's content
   */
  SpareLeases(Path lockDir, String owner, Duration ttl) throws IOException {
    this.dir = lockDir.resolve(DIR);
    this.content = owner;
    this.ttl = ttl;
    Files.createDirectories(dir);
  }

  /** A file for a new lease, with its modification time set to now: reused when one is idle, else created. */
  Spare take() throws IOException {
    Spare spare = idle.pollFirst();
    while (spare != null) {
      idleCount.decrementAndGet();
      try {
        spare.touch();
        return spare;
      } catch (NoSuchFileException e) {
        // collected while this process was frozen past three ttls: make another
        spare = idle.pollFirst();
      }
    }
    return create();
  }

  /** Gives back the file of a lease whose name was removed; kept if it has no other name, else dropped. */
  void giveBack(Spare spare) {
    try {
      if (Files.getAttribute(spare.path, "unix:nlink") instanceof Integer links && links == 1
          && idleCount.get() < MAX_IDLE) {
        idleCount.incrementAndGet();
        idle.addFirst(spare);
        return;
      }
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      LOG.debug("cannot count the links of {}: {}", spare.path, e.toString());
    }
    drop(spare);
  }

  /** Deletes a lease file that must not be reused (its lease was lost, or its name may still be linked). */
  void drop(Spare spare) {
    try {
      Files.deleteIfExists(spare.path);
    } catch (IOException e) {
      LOG.debug("cannot delete lease file {}: {}", spare.path, e.toString());
    }
  }

  /**
   * Keeps the idle files young enough not to be collected, and every ttl deletes the files of dead lockers (any
   * process's) older than three ttls. Runs on the locker's ticker.
   */
  void tick() {
    long now = System.nanoTime();
    long refresh = ttl.toNanos() / 3;
    for (Spare spare : idle) {
      if (now - spare.touchedAtNanos >= refresh) {
        try {
          spare.touch();
        } catch (IOException e) {
          LOG.debug("cannot touch lease file {}: {}", spare.path, e.toString());
        }
      }
    }
    if (now - collectedAtNanos >= ttl.toNanos()) {
      collectedAtNanos = now;
      collectAbandoned();
    }
  }

  /** Deletes every idle file (the locker closes; held leases give theirs back first). */
  void close() {
    for (Spare spare = idle.pollFirst(); spare != null; spare = idle.pollFirst()) {
      drop(spare);
    }
  }

  private void collectAbandoned() {
    Instant oldest = Instant.now().minus(ttl.multipliedBy(3));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(oldest)) {
            Files.deleteIfExists(file);
            LOG.info("deleted abandoned lease file {}", file.getFileName());
          }
        } catch (NoSuchFileException e) {
          // deleted by another process meanwhile
        }
      }
    } catch (NoSuchFileException e) {
      recreateDirectory();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot look for abandoned lease files in {}: {}", dir, e.toString());
    }
  }

  private Spare create() throws IOException {
    String token = UUID.randomUUID().toString();
    Path path = dir.resolve(token);
    byte[] bytes = (content + " " + token + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      Files.write(path, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      // the directory was removed (an emptied volume): make it again, once
      recreateDirectory();
      Files.write(path, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
    return new Spare(path, token);
  }

  private void recreateDirectory() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      LOG.debug("cannot create {}: {}", dir, e.toString());
    }
  }

  /** One lease file: its path and the token written in it. */
  static final class Spare {
    final Path path;
    final String token;
    volatile long touchedAtNanos;

    Spare(Path path, String token) {
      this.path = path;
      this.token = token;
      this.touchedAtNanos = System.nanoTime();
    }

    /** Sets the modification time to now: a new lease must look fresh to waiters from its first instant. */
    void touch() throws IOException {
      long nanos = System.nanoTime();
      Files.setLastModifiedTime(path, FileTime.from(Instant.now()));
      touchedAtNanos = nanos;
    }
  }
}
