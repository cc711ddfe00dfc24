/**
 * tusd-compatible hooks: the event model and its JSON ({@link dev.resumable.tus.hooks.HookJson}), the transports
 * (file hooks, HTTP hooks with signed requests), the {@link dev.resumable.tus.hooks.HookDispatcher} that runs blocking
 * events on the request thread and asynchronous ones on its own threads in per-upload order, and the durable
 * post-finish outbox. The HTTP layer knows all this only as {@link dev.resumable.tus.http.Hooks}.
 */
package dev.resumable.tus.hooks;
