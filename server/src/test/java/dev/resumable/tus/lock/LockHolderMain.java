package dev.resumable.tus.lock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A lock holder in a child JVM, for the cross-process contract tests: {@code type target ttlMillis uploadId}.
 * Prints {@code LOCKED} once it holds the lock and {@code REQUESTED} whenever its release callback runs, then
 * answers lines on stdin: {@code valid} → {@code VALID true|false}; {@code release} → closes the lock, prints
 * {@code RELEASED}; {@code exit} → exits.
 */
public final class LockHolderMain {
  private LockHolderMain() {
  }

  public static void main(String[] args) throws Exception {
    Locker locker = TestLockers.create(args[0], args[1], Duration.ofMillis(Long.parseLong(args[2])),
        LockEvents.NONE);
    Lock lock = locker.lock(args[3], Duration.ofSeconds(30), () -> say("REQUESTED"));
    say("LOCKED");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      switch (line.trim()) {
        case "valid":
          say("VALID " + lock.isValid());
          break;
        case "release":
          lock.close();
          Thread.sleep(500);
          say("RELEASED");
          break;
        case "exit":
          System.exit(0);
          break;
        default:
          say("UNKNOWN " + line);
      }
    }
    System.exit(0);
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
