package dev.resumable.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.resumable.operator.config.OperatorSettings;
import dev.resumable.operator.runtime.Leadership;
import dev.resumable.operator.runtime.OperatorHealth;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code tus-operator.jar}: starts the operator and serves {@code /metrics} (JOSDK Micrometer metrics
 * and {@code tus_operator_leader} in Prometheus format), {@code /healthz} and {@code /readyz} ({@link OperatorHealth})
 * on {@code OPERATOR_HTTP_PORT} (8080).
 */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  /** How long a leader's informers may stay unhealthy before /healthz fails and the kubelet restarts the pod. */
  private static final Duration UNHEALTHY_GRACE = Duration.ofMinutes(2);

  private OperatorMain() {
  }

  /**
   * Starts the operator.
   *
   * @param args ignored; configuration comes from the environment
   * @throws IOException when the HTTP port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    Leadership leadership =
        settings.leaderElectionNamespace() == null ? Leadership.single() : Leadership.elected();
    leadership.bindTo(registry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = TusOperator.create(client, settings,
        MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build(), leadership);
    operator.installShutdownHook(Duration.ofSeconds(10));
    OperatorHealth health = new OperatorHealth(leadership, () -> operator.getRuntimeInfo().isStarted(),
        () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(), Clock.systemUTC(), UNHEALTHY_GRACE);

    HttpServer http = HttpServer.create(new InetSocketAddress(settings.httpPort()), 0);
    http.setExecutor(Executors.newFixedThreadPool(2));
    http.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape()));
    http.createContext("/healthz", exchange -> health(exchange, health::live));
    http.createContext("/readyz", exchange -> health(exchange, health::ready));
    http.start();

    LOG.info("starting tus operator: namespaces={}, defaultImage={}, leaderElection={}, identity={}",
        settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(), settings.defaultImage(),
        settings.leaderElectionNamespace() == null ? "off" : settings.leaderElectionNamespace(),
        settings.identity());
    try {
      operator.start();
    } catch (RuntimeException e) {
      // e.g. JOSDK's pre-flight check found no RBAC for the Lease: exit so the pod restarts visibly
      LOG.error("operator failed to start", e);
      System.exit(1);
    }
  }

  private static void health(HttpExchange exchange, Supplier<Boolean> check) throws IOException {
    boolean ok;
    try {
      ok = check.get();
    } catch (RuntimeException e) {
      ok = false;
    }
    respond(exchange, ok ? 200 : 503, ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
