package dev.resumable.tus.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -fsync} makes directory entries durable too: the system calls of a real file store (in a child JVM traced
 * by {@code strace}, which {@code make test} installs) show the upload directory itself fsynced after the data file
 * is created and after every rename of an {@code .info} file, before the store returns. Without that, a power cut
 * can lose the names of files whose contents were synced.
 */
class FileStoreFsyncTest {
  private static final Pattern OPENAT = Pattern.compile("openat\\(AT_FDCWD, \"([^\"]+)\", ([^)]*)\\)\\s+= (\\d+)");
  private static final Pattern RENAME = Pattern.compile("rename(?:at2?)?\\(.*\"([^\"]+)\"(?:, \\w+)?\\)\\s+= 0");
  private static final Pattern FSYNC = Pattern.compile("f(?:data)?sync\\((\\d+)\\)\\s+= 0");

  @TempDir
  Path tmp;

  @Test
  void theDirectoryIsSyncedAfterCreatingTheDataFileAndAfterEveryInfoRename() throws Exception {
    Path dir = tmp.resolve("uploads");
    Files.createDirectories(dir);
    String id = "0123456789abcdef0123456789abcdef";
    Path trace = tmp.resolve("strace.txt");
    List<String> command = List.of("strace", "-f", "-qq", "-e", "trace=openat,rename,renameat,renameat2,fsync,"
        + "fdatasync", "-o", trace.toString(), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        FsyncProbe.class.getName(), dir.toString(), id);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("out.txt").toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(tmp.resolve("out.txt"));
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("done");

    String dirName = dir.toRealPath().toString();
    String dataName = dirName + "/" + id;
    String infoName = dataName + ".info";
    Map<String, String> pathOfFd = new HashMap<>();
    List<String> events = new ArrayList<>();
    for (String line : StraceLines.read(trace)) {
      Matcher open = OPENAT.matcher(line);
      Matcher rename = RENAME.matcher(line);
      Matcher fsync = FSYNC.matcher(line);
      if (open.find()) {
        pathOfFd.put(open.group(3), open.group(1));
        if (open.group(1).equals(dataName) && open.group(2).contains("O_CREAT")) {
          events.add("create-data");
        }
      } else if (rename.find() && rename.group(1).equals(infoName)) {
        events.add("rename-info");
      } else if (fsync.find() && dirName.equals(pathOfFd.get(fsync.group(1)))) {
        events.add("sync-dir");
      }
    }
    assertThat(events).as("events in %s", trace).containsSubsequence("create-data", "sync-dir");
    assertThat(events.stream().filter("rename-info"::equals).count()).isEqualTo(2);
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).equals("rename-info")) {
        assertThat(events.subList(i + 1, events.size())).as("after rename %d: %s", i, events)
            .contains("sync-dir");
        int nextRename = events.subList(i + 1, events.size()).indexOf("rename-info");
        List<String> until = nextRename < 0 ? events.subList(i + 1, events.size())
            : events.subList(i + 1, i + 1 + nextRename);
        assertThat(until).as("a directory sync between rename %d and the next: %s", i, events).contains("sync-dir");
      }
    }
  }

  @Test
  void straceIsThere() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("strace", "-V").redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("strace must be installed (make test does)").isZero();
  }
}
