package dev.resumable.tus.metrics;

import dev.resumable.tus.store.ChunkWriter;
import io.micrometer.core.instrument.Timer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Times the calls of an SPI implementation without hiding which optional interfaces it implements: the proxy
 * implements every interface of the target, so capability checks ({@code store instanceof Terminater}) still hold.
 * A call answering a {@link CompletableFuture} is timed until the future completes; a {@link ChunkWriter} a store
 * opens is wrapped too (its {@code write} calls as {@code write}, {@code finish}/{@code abort} as {@code commit}).
 */
final class TimedProxy implements InvocationHandler {
  private final Object target;
  private final Function<String, Timer> timers;
  private final Map<String, Optional<Timer>> cache = new ConcurrentHashMap<>();

  private TimedProxy(Object target, Function<String, Timer> timers) {
    this.target = target;
    this.timers = timers;
  }

  /** A proxy for {@code target} timing each method whose timer {@code timers} returns (null: not timed). */
  static <T> T wrap(T target, Class<T> type, Function<String, Timer> timers) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      interfaces.addAll(java.util.List.of(c.getInterfaces()));
    }
    interfaces.add(type);
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), interfaces.toArray(new Class<?>[0]),
        new TimedProxy(target, timers));
    return type.cast(proxy);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.getName().equals("equals") ? proxy == args[0] : method.invoke(target, args);
    }
    Timer timer = method.getParameterCount() == 0 && !(target instanceof ChunkWriter) ? null
        : cache.computeIfAbsent(method.getName(), name -> Optional.ofNullable(timers.apply(name))).orElse(null);
    long start = System.nanoTime();
    boolean recordNow = true;
    try {
      Object result = method.invoke(target, args);
      if (timer != null && result instanceof CompletableFuture<?> pending) {
        // an asynchronous call (a lock acquisition) is timed until its future completes
        recordNow = false;
        pending.whenComplete((value, failure) -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
      }
      if (result instanceof ChunkWriter writer) {
        // the chunk writer a store opens: its writes and its commit are store operations too
        return wrap(writer, ChunkWriter.class, name -> switch (name) {
          case "write" -> timers.apply("write");
          case "finish", "abort" -> timers.apply("commit");
          default -> null;
        });
      }
      return result;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      if (timer != null && recordNow) {
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
    }
  }
}
