package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** A tus hook event, named as tusd names it. */
public enum HookEvent {
  /** Blocking, before an upload is created. */
  @JsonProperty("pre-create")
  PRE_CREATE,
  /** After an upload is created. */
  @JsonProperty("post-create")
  POST_CREATE,
  /** Periodically while data arrives. */
  @JsonProperty("post-receive")
  POST_RECEIVE,
  /** Blocking, before an upload is finished. */
  @JsonProperty("pre-finish")
  PRE_FINISH,
  /** After an upload is finished. */
  @JsonProperty("post-finish")
  POST_FINISH,
  /** Blocking, before an upload is terminated. */
  @JsonProperty("pre-terminate")
  PRE_TERMINATE,
  /** After an upload is terminated. */
  @JsonProperty("post-terminate")
  POST_TERMINATE,
  /** Blocking, before HEAD, PATCH, GET and DELETE on an existing upload: lets a receiver authorise every access. */
  @JsonProperty("pre-access")
  PRE_ACCESS;

  /**
   * Returns the name the server's {@code -hooks-enabled-events} flag uses.
   *
   * @return the event name, e.g. {@code pre-create}
   */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
