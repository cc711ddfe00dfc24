/**
 * gRPC hooks: tusd v2's hook service ({@code /proto.HookHandler/InvokeHook}, generated from
 * {@code src/main/proto/hook.proto}) as one more {@link dev.resumable.tus.hooks.HookTransport}. The events, their
 * order, the blocking semantics and the durable post-finish are the hook dispatcher's, as for file and HTTP hooks.
 */
package dev.resumable.tus.hooks.grpc;
