package dev.resumable.tus.hooks;

import dev.resumable.tus.http.HookResponse;
import java.util.Map;

/**
 * A hook's response, tusd v2's JSON: {@code HTTPResponse}, {@code RejectUpload}, {@code RejectTermination},
 * {@code ChangeFileInfo} ({@code ID}, {@code MetaData}), {@code StopUpload}, plus {@code RejectAccess} for
 * pre-access. Every field is optional.
 *
 * @param httpResponse the response to send or merge, or null
 * @param rejectUpload pre-create: refuse the creation
 * @param rejectTermination pre-terminate: refuse the deletion
 * @param rejectAccess pre-access: refuse the request
 * @param stopUpload post-receive: stop the upload
 * @param changeId pre-create: the upload ID to use instead, or null
 * @param changeMetaData pre-create: the metadata to use instead, or null
 */
public record HookResult(HookResponse httpResponse, boolean rejectUpload, boolean rejectTermination,
    boolean rejectAccess, boolean stopUpload, String changeId, Map<String, String> changeMetaData) {

  /** An empty response: go ahead, change nothing. */
  public static final HookResult EMPTY = new HookResult(null, false, false, false, false, null, null);

  /** Combines the responses of two transports: rejections add up, later changes win, responses merge. */
  public HookResult merge(HookResult later) {
    HookResponse response = httpResponse == null ? later.httpResponse
        : later.httpResponse == null ? httpResponse : httpResponse.mergeWith(later.httpResponse);
    return new HookResult(response, rejectUpload || later.rejectUpload, rejectTermination || later.rejectTermination,
        rejectAccess || later.rejectAccess, stopUpload || later.stopUpload,
        later.changeId != null ? later.changeId : changeId,
        later.changeMetaData != null ? later.changeMetaData : changeMetaData);
  }

  /** True when the hook sent a response with its own status code. */
  public boolean hasOwnResponse() {
    return httpResponse != null && httpResponse.statusCode() >= 200 && httpResponse.statusCode() <= 599;
  }
}
