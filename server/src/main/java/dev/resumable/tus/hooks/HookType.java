package dev.resumable.tus.hooks;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The hook events, named as tusd names them (plus {@code pre-access}), and whether each blocks its request. */
public enum HookType {
  /** Blocking, before an upload is created. */
  PRE_CREATE(true),
  /** After an upload is created. */
  POST_CREATE(false),
  /** Periodically while data arrives, and once at the end of each request body. */
  POST_RECEIVE(false),
  /** Blocking, once the upload holds all its bytes, before the finishing request is answered. */
  PRE_FINISH(true),
  /** After the upload is finished; durable, at least once. */
  POST_FINISH(false),
  /** Blocking, before a client deletes an upload. */
  PRE_TERMINATE(true),
  /** After an upload was deleted. */
  POST_TERMINATE(false),
  /** Blocking, before HEAD, PATCH, GET and DELETE on an existing upload (not in tusd). */
  PRE_ACCESS(true);

  /** tusd's default for {@code -hooks-enabled-events}. */
  public static final String DEFAULT_ENABLED = "pre-create,post-create,post-receive,post-terminate,post-finish";

  private final boolean blocking;

  HookType(boolean blocking) {
    this.blocking = blocking;
  }

  /** The event's name, e.g. {@code pre-create}: the {@code Type} field and the file hook's name. */
  public String eventName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** True for events whose request waits for the hook. */
  public boolean isBlocking() {
    return blocking;
  }

  /** The event named {@code name}. */
  public static HookType of(String name) {
    for (HookType type : values()) {
      if (type.eventName().equals(name.trim())) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown hook event '" + name.trim() + "'; known: " + allNames());
  }

  /** Parses a comma-separated list such as {@code -hooks-enabled-events} takes; blank means none. */
  public static Set<HookType> parseList(String list) {
    Set<HookType> types = EnumSet.noneOf(HookType.class);
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        types.add(of(name));
      }
    }
    return types;
  }

  private static String allNames() {
    StringBuilder names = new StringBuilder();
    for (HookType type : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(type.eventName());
    }
    return names.toString();
  }
}
