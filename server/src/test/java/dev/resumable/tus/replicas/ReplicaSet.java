package dev.resumable.tus.replicas;

import dev.resumable.tus.cli.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A few replicas started with the same arguments (each on its own port), for the tests that need no proxy. */
final class ReplicaSet implements AutoCloseable {
  final List<Replica> replicas = new ArrayList<>();

  /** Starts {@code count} replicas with {@code args} (plus {@code -host} and {@code -port}) and waits until ready. */
  static ReplicaSet start(int count, Path logDir, Map<String, String> env, List<String> args) throws Exception {
    ReplicaSet set = new ReplicaSet();
    try {
      for (int i = 0; i < count; i++) {
        int port = ChildJvm.freePort();
        List<String> all = new ArrayList<>(List.of("-host", "127.0.0.1", "-port", Integer.toString(port)));
        all.addAll(args);
        set.replicas.add(new Replica(port, logDir.resolve("replica-" + i), env, all.toArray(new String[0])).start());
      }
      for (Replica replica : set.replicas) {
        replica.awaitReady();
      }
      return set;
    } catch (Exception | Error e) {
      set.close();
      throw e;
    }
  }

  Replica get(int index) {
    return replicas.get(index);
  }

  /** Every replica's output, labelled by port, for failure messages. */
  String outputs() {
    StringBuilder text = new StringBuilder();
    for (Replica replica : replicas) {
      text.append("\n--- replica on port ").append(replica.port()).append(" ---\n").append(replica.output());
    }
    return text.toString();
  }

  @Override
  public void close() throws InterruptedException {
    for (Replica replica : replicas) {
      replica.close();
    }
  }
}
