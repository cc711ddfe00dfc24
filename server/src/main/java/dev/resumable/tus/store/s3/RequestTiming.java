package dev.resumable.tus.store.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Times every S3 request (retries included) and reports it per operation name ({@code UploadPart},
 * {@code ListParts}, …) to a {@link Listener}: the hook for tusd's {@code tusd_s3_request_duration_ms{operation}}.
 */
public final class RequestTiming implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("tus.s3.started");

  /** Receives one observation per S3 request. */
  @FunctionalInterface
  public interface Listener {
    /** {@code operation} took {@code nanos}; {@code success} is false when it ended in an error. */
    void observe(String operation, long nanos, boolean success);
  }

  private final Listener listener;

  /** Reports to {@code listener}, which must be fast and thread-safe. */
  public RequestTiming(Listener listener) {
    this.listener = listener;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    report(attributes, true);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    report(attributes, false);
  }

  private void report(ExecutionAttributes attributes, boolean success) {
    Long started = attributes.getAttribute(STARTED);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (started != null) {
      listener.observe(operation == null ? "unknown" : operation, System.nanoTime() - started, success);
    }
  }
}
