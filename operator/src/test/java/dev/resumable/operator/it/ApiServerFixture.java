package dev.resumable.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The Fabric8 CRUD mock API server with what the tests need in front of it, to close some of the gap to a real API
 * server:
 *
 * <ul>
 *   <li>every request is recorded ({@link #calls()}), so tests can compare what the operator does with its RBAC;</li>
 *   <li>a SelfSubjectRulesReview (JOSDK's leader-election pre-flight check) is answered with the rules the test
 *       grants ({@link #grantRulesReview}); the stock mock answers 422;</li>
 *   <li>one-shot faults, e.g. a 409 Conflict on the next update of an object ({@link #failOnce});</li>
 *   <li>container resource quantities written to Deployments are normalised the way the API server stores them
 *       ({@code cpu: 0.5} becomes {@code 500m}, {@code 1024Mi} becomes {@code 1Gi}).</li>
 * </ul>
 *
 * <p>Not emulated: RBAC enforcement (see RbacTest, which checks recorded requests against the rendered Roles),
 * server-side apply, defaulting other than quantities, admission.
 */
public final class ApiServerFixture extends KubernetesCrudDispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** User agent of the operator's client in tests ({@link #newOperatorClient}). */
  public static final String OPERATOR_AGENT = "tus-operator-under-test";

  /**
   * One request the server received.
   *
   * @param method HTTP method
   * @param path path and query
   * @param body request body
   * @param userAgent the client's user agent
   */
  public record Call(String method, String path, String body, String userAgent) {

    /**
     * Tells whether the operator (not the test) sent this request.
     *
     * @return true for the operator's client
     */
    public boolean byOperator() {
      return OPERATOR_AGENT.equals(userAgent);
    }
  }

  private record Fault(Predicate<Call> when, int status, int[] remaining) {
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private volatile List<ResourceRule> reviewRules = List.of();
  private KubernetesMockServer server;

  /**
   * Starts a mock server on loopback with this fixture as its dispatcher.
   *
   * @return the fixture
   */
  public static ApiServerFixture start() {
    ApiServerFixture fixture = new ApiServerFixture();
    fixture.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
        new HashMap<>(), fixture, false);
    fixture.server.init();
    return fixture;
  }

  /**
   * A new client of this server.
   *
   * @return the client
   */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /**
   * A new client for the operator, told apart from the test's requests by its user agent.
   *
   * @return the client
   */
  public KubernetesClient newOperatorClient() {
    return server.createClient(builder -> builder.editOrNewConfig().withUserAgent(OPERATOR_AGENT).endConfig());
  }

  /**
   * The mock server.
   *
   * @return the server
   */
  public KubernetesMockServer server() {
    return server;
  }

  /** Stops the server. */
  public void stop() {
    server.destroy();
  }

  /**
   * Answers SelfSubjectRulesReviews with these rules.
   *
   * @param rules the rules the subject has
   */
  public void grantRulesReview(List<ResourceRule> rules) {
    reviewRules = List.copyOf(rules);
  }

  /**
   * Answers the next {@code times} requests that match with an error status instead of serving them.
   *
   * @param when which requests
   * @param status e.g. 409
   * @param times how many
   */
  public void failOnce(Predicate<Call> when, int status, int times) {
    faults.add(new Fault(when, status, new int[] {times}));
  }

  /**
   * Every request received so far, in order.
   *
   * @return a snapshot
   */
  public List<Call> calls() {
    return new ArrayList<>(calls);
  }

  /** Forgets the recorded requests. */
  public void clearCalls() {
    calls.clear();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    // reading the body consumes it: the CRUD dispatcher gets a copy
    String body = request.getBody() == null ? "" : request.getUtf8Body();
    Call call = new Call(request.getMethod(), request.getPath(), body, request.getHeader("User-Agent"));
    calls.add(call);
    for (Fault fault : faults) {
      synchronized (fault) {
        if (fault.remaining()[0] > 0 && fault.when().test(call)) {
          fault.remaining()[0]--;
          return status(fault.status(), "injected by the test fixture");
        }
      }
    }
    if ("POST".equals(call.method())
        && call.path().startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      SelfSubjectRulesReview review = Serialization.unmarshal(body, SelfSubjectRulesReview.class);
      review.setStatus(new SubjectRulesReviewStatusBuilder().withResourceRules(reviewRules).withIncomplete(false)
          .build());
      return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }
    String forward = body;
    if (("PUT".equals(call.method()) || "POST".equals(call.method())) && call.path().contains("/deployments")
        && !body.isEmpty()) {
      forward = normaliseQuantities(body);
    }
    return super.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
        request.getHeaders(), new Buffer().writeUtf8(forward)));
  }

  private static MockResponse status(int code, String message) {
    String reason = code == 409 ? "Conflict" : "InternalError";
    return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
        + "\"status\":\"Failure\",\"message\":\"" + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code
        + "}");
  }

  /** Rewrites container resource quantities into the form the API server stores. */
  static String normaliseQuantities(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode containers = root.at("/spec/template/spec/containers");
      if (!containers.isArray()) {
        return body;
      }
      for (JsonNode container : containers) {
        for (String section : List.of("requests", "limits")) {
          JsonNode values = container.at("/resources/" + section);
          if (values instanceof ObjectNode object) {
            Iterator<String> names = object.fieldNames();
            List<String> keys = new ArrayList<>();
            names.forEachRemaining(keys::add);
            for (String key : keys) {
              object.put(key, canonical(object.get(key).asText()));
            }
          }
        }
      }
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The API server's canonical form for the quantities the tests use: whole numbers with a binary suffix when the
   * input had one and the value divides, otherwise millis or a plain integer.
   */
  static String canonical(String quantity) {
    BigDecimal value = new io.fabric8.kubernetes.api.model.Quantity(quantity).getNumericalAmount();
    boolean binary = quantity.matches(".*[KMGTPE]i$");
    if (binary && value.signum() > 0 && value.stripTrailingZeros().scale() <= 0) {
      String[] suffixes = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      BigDecimal k = BigDecimal.valueOf(1024);
      int index = 0;
      BigDecimal v = value;
      while (index < suffixes.length - 1 && v.remainder(k).signum() == 0) {
        v = v.divide(k);
        index++;
      }
      return v.toBigInteger() + suffixes[index];
    }
    if (value.stripTrailingZeros().scale() <= 0) {
      return value.toBigInteger().toString();
    }
    return value.movePointRight(3).stripTrailingZeros().toPlainString() + "m";
  }
}
