package dev.resumable.tus.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a graceful shutdown on SIGTERM (Kubernetes) and SIGINT (Ctrl-C) and lets the process exit 0 afterwards;
 * a JVM shutdown hook alone would end with status 143 and could not wait for requests.
 */
final class ShutdownSignals {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

  private ShutdownSignals() {
  }

  static void onTerminate(Runnable shutdown) {
    Thread worker = new Thread(shutdown, "tus-shutdown");
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> {
          if (worker.getState() == Thread.State.NEW) {
            worker.start();
          }
        });
      } catch (IllegalArgumentException e) {
        LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
  }
}
