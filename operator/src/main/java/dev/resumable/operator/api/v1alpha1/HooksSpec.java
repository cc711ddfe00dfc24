package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Hooks: HTTP hooks signed with an operator-generated key, and file hooks from a ConfigMap of scripts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HooksSpec {

  /** Events to fire (-hooks-enabled-events); default: the server's. */
  @Size(max = 8)
  @JsonPropertyDescription("Events to fire (-hooks-enabled-events); default: the server's.")
  private List<HookEvent> enabledEvents;

  /** HTTP hook receiver. */
  @JsonPropertyDescription("HTTP hook receiver.")
  private HttpHook http;

  /** gRPC hook receiver. */
  @JsonPropertyDescription("gRPC hook receiver.")
  private GrpcHook grpc;

  /** Persistent outbox for post-finish events with S3 storage. */
  @JsonPropertyDescription("Persistent volume for the post-finish outbox with S3 storage (file storage keeps it in"
      + " the upload directory); without it undelivered events are lost when the pod is replaced.")
  private HookOutbox outbox;

  /** File hooks: executable scripts named after events. */
  @JsonPropertyDescription("File hooks: executable scripts named after events.")
  private FileHooks file;

  /**
   * Returns enabledEvents.
   *
   * @return the value, may be null
   */
  public List<HookEvent> getEnabledEvents() {
    return enabledEvents;
  }

  /**
   * Sets enabledEvents.
   *
   * @param enabledEvents the new value
   */
  public void setEnabledEvents(List<HookEvent> enabledEvents) {
    this.enabledEvents = enabledEvents;
  }

  /**
   * Returns http.
   *
   * @return the value, may be null
   */
  public HttpHook getHttp() {
    return http;
  }

  /**
   * Sets http.
   *
   * @param http the new value
   */
  public void setHttp(HttpHook http) {
    this.http = http;
  }

  /**
   * Returns outbox.
   *
   * @return the value, may be null
   */
  public HookOutbox getOutbox() {
    return outbox;
  }

  /**
   * Sets outbox.
   *
   * @param outbox the new value
   */
  public void setOutbox(HookOutbox outbox) {
    this.outbox = outbox;
  }

  /**
   * Returns file.
   *
   * @return the value, may be null
   */
  public FileHooks getFile() {
    return file;
  }

  /**
   * Sets file.
   *
   * @param file the new value
   */
  public void setFile(FileHooks file) {
    this.file = file;
  }

  /**
   * Returns grpc.
   *
   * @return the value, may be null
   */
  public GrpcHook getGrpc() {
    return grpc;
  }

  /**
   * Sets grpc.
   *
   * @param grpc the new value
   */
  public void setGrpc(GrpcHook grpc) {
    this.grpc = grpc;
  }
}
