package dev.resumable.tus.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/** A real HTTP hook receiver on a loopback port: records every request, answers with a configurable reply. */
final class TestReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One received hook request. */
  record Received(String type, JsonNode json, byte[] body, com.sun.net.httpserver.Headers headers, long nanos) {
    String upload(String field) {
      return json.path("Event").path("Upload").path(field).asText();
    }
  }

  /** The answer: status, JSON body (null for none) and a delay before answering. */
  record Reply(int status, String json, long delayMillis) {
    static Reply ok(String json) {
      return new Reply(200, json, 0);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  final List<Received> received = new CopyOnWriteArrayList<>();
  volatile Function<Received, Reply> responder = r -> Reply.ok("{}");

  TestReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/hooks", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode json = JSON.readTree(body);
    Received request = new Received(json.path("Type").asText(), json, body, exchange.getRequestHeaders(),
        System.nanoTime());
    received.add(request);
    Reply reply = responder.apply(request);
    try {
      if (reply.delayMillis() > 0) {
        Thread.sleep(reply.delayMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] answer = reply.json() == null ? new byte[0] : reply.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  List<Received> of(String type) {
    List<Received> matching = new ArrayList<>();
    for (Received r : received) {
      if (r.type().equals(type)) {
        matching.add(r);
      }
    }
    return matching;
  }

  /** Waits until {@code condition} holds over the received requests. */
  void await(Predicate<List<Received>> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(received)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout + "; received: " + types());
      }
      Thread.sleep(10);
    }
  }

  List<String> types() {
    List<String> types = new ArrayList<>();
    received.forEach(r -> types.add(r.type()));
    return types;
  }

  static long count(List<Received> list, String type) {
    return list.stream().filter(r -> r.type().equals(type)).count();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
