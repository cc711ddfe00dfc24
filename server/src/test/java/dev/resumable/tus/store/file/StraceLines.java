package dev.resumable.tus.store.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading an {@code strace -f} log: one line per system call, whatever other threads did meanwhile. */
final class StraceLines {
  private static final Pattern UNFINISHED = Pattern.compile("^(\\d+)\\s+(.*) <unfinished \\.\\.\\.>$");
  private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+<\\.\\.\\. \\w+ resumed>(.*)$");

  private StraceLines() {
  }

  /**
   * The calls of the log, each on one line in the order they began: with several threads, strace splits a call
   * another thread interrupts into {@code <unfinished ...>} and {@code <... call resumed>} lines.
   */
  static List<String> read(Path trace) throws IOException {
    List<String> joined = new ArrayList<>();
    Map<String, Integer> pending = new HashMap<>();
    for (String line : Files.readAllLines(trace, StandardCharsets.UTF_8)) {
      Matcher unfinished = UNFINISHED.matcher(line);
      Matcher resumed = RESUMED.matcher(line);
      if (unfinished.matches()) {
        pending.put(unfinished.group(1), joined.size());
        joined.add(unfinished.group(1) + " " + unfinished.group(2));
      } else if (resumed.matches() && pending.containsKey(resumed.group(1))) {
        int at = pending.remove(resumed.group(1));
        joined.set(at, joined.get(at) + resumed.group(2));
      } else {
        joined.add(line);
      }
    }
    return joined;
  }
}
