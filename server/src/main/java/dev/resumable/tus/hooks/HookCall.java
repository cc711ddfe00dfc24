package dev.resumable.tus.hooks;

import java.util.List;
import java.util.Map;

/**
 * One hook invocation as the transports see it: the event, the upload's ID, size and offset (for file hooks'
 * environment), the request body JSON, the client's request headers (for forwarding) and the idempotency key.
 *
 * @param type the event
 * @param uploadId the upload's ID (empty for pre-create)
 * @param size the upload's size
 * @param offset the upload's offset
 * @param body the JSON request body, exactly as sent
 * @param requestHeaders the client request's headers, canonical names
 * @param idempotencyKey the key receivers de-duplicate on, or null
 */
public record HookCall(HookType type, String uploadId, long size, long offset, byte[] body,
    Map<String, List<String>> requestHeaders, String idempotencyKey) {
}
