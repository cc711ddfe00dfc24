package dev.resumable.tus.metrics;

import dev.resumable.tus.store.ChunkWriter;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Times the calls of an SPI implementation without hiding which optional interfaces it implements: the proxy
 * implements every interface of the target, so capability checks ({@code store instanceof Terminater}) still hold.
 * Each call is timed with how it ended: {@link #OK}, or what the outcome function says of its failure. A call
 * answering a {@link CompletableFuture} is timed until the future completes; a {@link ChunkWriter} a store opens is
 * wrapped too (its {@code write} calls as {@code write}, {@code finish}/{@code abort} as {@code commit}). Calls
 * without arguments ({@code type()}, {@code close()}, {@code checkReady()}) are not timed, except a writer's.
 */
final class TimedProxy implements InvocationHandler {
  /** The outcome of a call that returned (or whose future completed) normally. */
  static final String OK = "ok";

  /** The timer of a method's calls with one outcome; null: the method is not timed. */
  @FunctionalInterface
  interface Timers {
    Timer timer(String method, String outcome);
  }

  private final Object target;
  private final Timers timers;
  private final Function<Throwable, String> outcomes;
  private final Map<String, Optional<Timer>> cache;
  /** The timers of the chunk writers this proxy's target opens, shared by all of them (found once, not per chunk). */
  private final Map<String, Optional<Timer>> writerCache = new ConcurrentHashMap<>();

  private TimedProxy(Object target, Timers timers, Function<Throwable, String> outcomes,
      Map<String, Optional<Timer>> cache) {
    this.target = target;
    this.timers = timers;
    this.outcomes = outcomes;
    this.cache = cache;
  }

  /**
   * A proxy for {@code target} timing each method whose timer {@code timers} returns.
   *
   * @param outcomes names the outcome of a call that failed with the given exception
   */
  static <T> T wrap(T target, Class<T> type, Timers timers, Function<Throwable, String> outcomes) {
    return wrap(target, type, timers, outcomes, new ConcurrentHashMap<>());
  }

  private static <T> T wrap(T target, Class<T> type, Timers timers, Function<Throwable, String> outcomes,
      Map<String, Optional<Timer>> cache) {
    Set<Class<?>> interfaces = interfaces(target, type);
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), interfaces.toArray(new Class<?>[0]),
        new TimedProxy(target, timers, outcomes, cache));
    return type.cast(proxy);
  }

  /**
   * The names of the methods a proxy of {@code target} times (those with arguments), plus {@code write} and
   * {@code commit} of the chunk writers a store opens: for registering their meters before the first call.
   */
  static Set<String> timedMethods(Object target, Class<?> type) {
    Set<String> names = new TreeSet<>();
    for (Class<?> c : interfaces(target, type)) {
      for (Method method : c.getMethods()) {
        if (method.getParameterCount() > 0 && method.getDeclaringClass() != Object.class) {
          names.add(method.getName());
        }
        if (ChunkWriter.class.isAssignableFrom(method.getReturnType())) {
          names.addAll(List.of("write", "commit"));
        }
      }
    }
    return names;
  }

  private static Set<Class<?>> interfaces(Object target, Class<?> type) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      interfaces.addAll(List.of(c.getInterfaces()));
    }
    interfaces.add(type);
    return interfaces;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.getName().equals("equals") ? proxy == args[0] : method.invoke(target, args);
    }
    String name = method.getName();
    boolean timed = (method.getParameterCount() > 0 || target instanceof ChunkWriter) && timer(name, OK) != null;
    long start = System.nanoTime();
    boolean recordNow = timed;
    Throwable failure = null;
    try {
      Object result = method.invoke(target, args);
      if (timed && result instanceof CompletableFuture<?> pending) {
        // an asynchronous call (a lock acquisition) is timed until its future completes
        recordNow = false;
        pending.whenComplete((value, error) -> record(name, error, start));
      }
      if (result instanceof ChunkWriter writer) {
        // the chunk writer a store opens: its writes and its commit are store operations too
        return wrap(writer, ChunkWriter.class, (called, outcome) -> switch (called) {
          case "write" -> timers.timer("write", outcome);
          case "finish", "abort" -> timers.timer("commit", outcome);
          default -> null;
        }, outcomes, writerCache);
      }
      return result;
    } catch (InvocationTargetException e) {
      failure = e.getCause();
      throw failure;
    } finally {
      if (recordNow) {
        record(name, failure, start);
      }
    }
  }

  private void record(String method, Throwable failure, long start) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    Timer timer = timer(method, cause == null ? OK : outcomes.apply(cause));
    if (timer != null) {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String method, String outcome) {
    return cache.computeIfAbsent(method + ' ' + outcome, key -> Optional.ofNullable(timers.timer(method, outcome)))
        .orElse(null);
  }
}
