package dev.resumable.tus.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a process holds open, read from {@code /proc} (Linux): how tests check that idle uploads hold no files. */
public final class ProcessFiles {
  private ProcessFiles() {
  }

  /**
   * How many of the process's file descriptors are open on {@code path} or, when it is a directory, on anything
   * under it.
   */
  public static long openUnder(long pid, Path path) throws IOException {
    Path real = path.toRealPath();
    long count = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).startsWith(real)) {
            count++;
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    return count;
  }

  /** As {@link #openUnder(long, Path)} for this process (a server running in the test's JVM). */
  public static long openUnder(Path path) throws IOException {
    return openUnder(ProcessHandle.current().pid(), path);
  }
}
