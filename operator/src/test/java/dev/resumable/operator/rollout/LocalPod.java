package dev.resumable.operator.rollout;

import dev.resumable.tus.cli.ChildJvm;
import dev.resumable.tus.testing.RawHttp;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tus-server container of a pod template the operator built, run as a local server process (the server's main
 * class in a child JVM) the way the kubelet starts it: the container's arguments and environment, resolved as the
 * kubelet resolves them — literal values, {@code secretKeyRef} values from Secrets the test supplies, {@code $(VAR)}
 * references to variables defined before, in values and in arguments. Only what differs between two pods and two
 * processes on one loopback interface is changed: the listen address and the ports ({@code -port},
 * {@code -metrics-port}), each process getting its own as each pod has its own IP.
 */
final class LocalPod implements AutoCloseable {
  private final String name;
  private final int port;
  private final ChildJvm jvm;

  private LocalPod(String name, int port, ChildJvm jvm) {
    this.name = name;
    this.port = port;
    this.jvm = jvm;
  }

  /**
   * Starts the container as a process on fresh loopback ports; returns before it listens.
   *
   * @param name the pod's name, for logs and messages
   * @param container the container of the pod template
   * @param secrets Secret name to key to value, what {@code secretKeyRef} reads
   * @param logDir where the process's output goes
   */
  static LocalPod start(String name, Container container, Map<String, Map<String, String>> secrets, Path logDir)
      throws IOException {
    int port = ChildJvm.freePort();
    Map<String, String> env = environment(container, secrets);
    List<String> args = arguments(container, env, Map.of("port", String.valueOf(port),
        "metrics-port", String.valueOf(ChildJvm.freePort())));
    return new LocalPod(name, port, ChildJvm.start(logDir.resolve(name), env, args.toArray(new String[0])));
  }

  /**
   * The container's environment as the kubelet resolves it.
   *
   * @throws AssertionError for a variable the pod could not get (a missing Secret key: the pod would not start) or a
   *     source this runner does not emulate
   */
  static Map<String, String> environment(Container container, Map<String, Map<String, String>> secrets) {
    if (container.getEnvFrom() != null && !container.getEnvFrom().isEmpty()) {
      throw new AssertionError("envFrom is not emulated: " + container.getEnvFrom());
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar variable : container.getEnv()) {
      EnvVarSource from = variable.getValueFrom();
      if (from == null) {
        env.put(variable.getName(), expand(variable.getValue() == null ? "" : variable.getValue(), env));
        continue;
      }
      SecretKeySelector secret = from.getSecretKeyRef();
      if (secret == null) {
        throw new AssertionError("only secretKeyRef sources are emulated, " + variable.getName() + " has " + from);
      }
      String value = secrets.getOrDefault(secret.getName(), Map.of()).get(secret.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(secret.getOptional())) {
          continue;
        }
        throw new AssertionError("the pod would not start: Secret " + secret.getName() + " has no key "
            + secret.getKey() + " (for " + variable.getName() + ")");
      }
      env.put(variable.getName(), value);
    }
    return env;
  }

  /**
   * The container's arguments with {@code $(VAR)} references expanded, the flags named in {@code overrides} given
   * their new values (each must be there once) and {@code -host=127.0.0.1} added.
   */
  static List<String> arguments(Container container, Map<String, String> env, Map<String, String> overrides) {
    if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      throw new AssertionError("the image's entrypoint is the server; a command is not emulated");
    }
    List<String> args = new ArrayList<>();
    Map<String, Integer> replaced = new LinkedHashMap<>();
    for (String arg : container.getArgs()) {
      String expanded = expand(arg, env);
      for (Map.Entry<String, String> override : overrides.entrySet()) {
        if (expanded.startsWith("-" + override.getKey() + "=")) {
          expanded = "-" + override.getKey() + "=" + override.getValue();
          replaced.merge(override.getKey(), 1, Integer::sum);
        }
      }
      args.add(expanded);
    }
    for (String flag : overrides.keySet()) {
      if (replaced.getOrDefault(flag, 0) != 1) {
        throw new AssertionError("expected -" + flag + "= once in the container's arguments " + container.getArgs());
      }
    }
    args.add("-host=127.0.0.1");
    return args;
  }

  /**
   * The kubelet's expansion: {@code $(NAME)} becomes the value of a variable defined before (left as it is
   * otherwise), {@code $$} becomes {@code $}.
   */
  static String expand(String text, Map<String, String> defined) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(' && text.indexOf(')', i) > 0) {
        int end = text.indexOf(')', i);
        String name = text.substring(i + 2, end);
        out.append(defined.containsKey(name) ? defined.get(name) : text.substring(i, end + 1));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  /**
   * Waits until the readiness probe's path answers 200 on the pod's port, as the kubelet's probe must before the pod
   * becomes an endpoint.
   */
  LocalPod awaitReady(String readinessPath, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!jvm.process.isAlive()) {
        throw new AssertionError(name + " exited with " + jvm.process.exitValue() + " before it was ready: "
            + output());
      }
      try {
        if (RawHttp.to(port).request("GET", readinessPath).timeout(3000).send().status == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " was not ready within " + timeout + ": " + output());
  }

  /**
   * SIGTERM, as the kubelet sends after the preStop hook; waits at most {@code grace} for the exit, then SIGKILL
   * (and fails).
   *
   * @return the exit code
   */
  int terminate(Duration grace) throws InterruptedException {
    jvm.process.destroy();
    return jvm.awaitExit(grace);
  }

  /** The process's output so far. */
  String output() {
    return jvm.stdoutText() + jvm.stderrText();
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}
