package dev.resumable.tus.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a small upload costs the file store in system calls: a real server in a child JVM under {@code strace}
 * ({@link UploadSyscallProbe}) receives POST {@code Upload-Length: 1024} and one 1 KiB PATCH, several times, and the
 * calls on the upload directory's files between each request's markers are counted. The process does not re-read
 * what it knows: the {@code .info} file it wrote is never opened again by the PATCH, and no file is looked up twice
 * within a request.
 */
class UploadSyscallTest {
  private static final int ROUNDS = 5;
  private static final Pattern CALL = Pattern.compile("^(\\d+)\\s+(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+|\\?)(.*)$");
  private static final Pattern MARK = Pattern.compile("\\.mark-(\\d+)-(post|patch)-(begin|end)\"");
  private static final Pattern PATH = Pattern.compile("\"([^\"]*)\"");
  private static final String CALLS = "openat,open,close,read,pread64,readv,write,pwrite64,writev,statx,newfstatat,"
      + "fstat,stat,lstat,rename,renameat,renameat2,unlink,unlinkat,link,linkat,fsync,fdatasync,ftruncate,lseek,"
      + "access,faccessat,faccessat2,getdents64";

  @TempDir
  Path tmp;

  @Test
  void aSmallUploadDoesNotReadWhatTheProcessKnows() throws Exception {
    Path dir = tmp.resolve("uploads");
    Files.createDirectories(dir);
    Path trace = tmp.resolve("strace.txt");
    List<String> command = List.of("strace", "-f", "-qq", "-e", "trace=" + CALLS, "-o", trace.toString(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), UploadSyscallProbe.class.getName(),
        dir.toString(), String.valueOf(ROUNDS));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("out.txt").toFile()).start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(tmp.resolve("out.txt"));
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("done");

    Map<String, List<String>> calls = callsPerRequest(
        StraceLines.read(trace), dir.toRealPath().toString());
    assertThat(calls).hasSize(ROUNDS * 2);
    calls.forEach((request, list) -> System.out.printf("%s: %d calls %s%n", request, list.size(), list));
    for (int round = 0; round < ROUNDS; round++) {
      List<String> post = calls.get(round + "-post");
      List<String> patch = calls.get(round + "-patch");
      assertThat(patch).as("PATCH %d: the .info file is never opened (its state is known)", round)
          .noneMatch(c -> c.startsWith("openat(info"));
      assertThat(patch).as("PATCH %d: each file is looked up at most once", round)
          .doesNotHaveDuplicates();
      assertThat(post).as("POST %d: each file is looked up at most once", round)
          .filteredOn(c -> c.startsWith("stat")).doesNotHaveDuplicates();
      assertThat(post.size() + patch.size()).as("calls on the upload directory for POST + PATCH %d: %s %s", round,
          post, patch).isLessThanOrEqualTo(MAX_CALLS_PER_UPLOAD);
    }
  }

  /** The bound this test keeps: what POST + PATCH cost after the economy work (see docs/architecture.md). */
  private static final int MAX_CALLS_PER_UPLOAD = 14;

  /**
   * For each request ({@code <round>-post}, {@code <round>-patch}), the calls between its markers on files in
   * {@code dir}, as {@code name(kind)} with kind {@code info}, {@code data}, {@code tmp} or {@code dir}.
   */
  private static Map<String, List<String>> callsPerRequest(List<String> lines, String dir) {
    Map<String, List<String>> calls = new LinkedHashMap<>();
    Map<String, String> kindOfFd = new HashMap<>();
    List<String> current = null;
    for (String line : lines) {
      Matcher call = CALL.matcher(line);
      if (!call.matches()) {
        continue;
      }
      String name = call.group(2);
      String args = call.group(3);
      String result = call.group(4);
      Matcher mark = MARK.matcher(args);
      if (mark.find()) {
        String request = mark.group(1) + "-" + mark.group(2);
        current = mark.group(3).equals("begin") ? calls.computeIfAbsent(request, r -> new ArrayList<>()) : null;
        continue;
      }
      Matcher path = PATH.matcher(args);
      String kind = null;
      boolean byPath = path.find();
      if (byPath && path.group(1).isEmpty()) {
        // newfstatat(fd, "", …, AT_EMPTY_PATH): how the C library makes fstat
        name = "fstat";
        byPath = false;
      }
      if (byPath && path.group(1).startsWith(dir)) {
        kind = kindOf(path.group(1), dir);
        if ((name.equals("openat") || name.equals("open")) && !result.startsWith("-")) {
          kindOfFd.put(result, kind);
        }
      } else {
        String fd = args.split(",", 2)[0].trim();
        kind = kindOfFd.get(fd);
        if (name.equals("close")) {
          kindOfFd.remove(fd);
        }
      }
      if (kind != null && current != null) {
        current.add(name.replaceAll("^(newfstatat|statx|stat|lstat)$", "stat") + "(" + kind + ")");
      }
    }
    return calls;
  }

  private static String kindOf(String path, String dir) {
    String name = path.substring(dir.length()).replaceFirst("^/", "");
    if (name.isEmpty()) {
      return "dir";
    }
    if (name.startsWith(".") && name.endsWith(".tmp")) {
      return "tmp";
    }
    return name.endsWith(".info") ? "info" : "data";
  }
}
