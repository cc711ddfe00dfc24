package dev.resumable.tus.http;

import dev.resumable.tus.store.UploadInfo;
import java.io.Closeable;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the HTTP layer tells the hook system, and what the hook system may decide. Blocking events run on the request
 * thread and may refuse the request by throwing {@link HookRejectedException} (the hook's response),
 * {@link HookFailedException} (a failing hook; the HTTP layer answers 500) or {@link HookInterruptedException}
 * (shutting down: 503); these typed exceptions are the whole vocabulary, HTTP statuses are the HTTP layer's choice.
 * Asynchronous events must return at once.
 *
 * <p>The default methods do nothing, so {@link #NONE} is a server without hooks. The implementation lives in
 * {@code dev.resumable.tus.hooks}; this interface is all the HTTP layer knows of it.
 */
public interface Hooks extends Closeable {

  /** No hooks. */
  Hooks NONE = new Hooks() { };

  /** Blocking, before HEAD, PATCH, GET and DELETE on an existing upload. */
  default void preAccess(HookRequest request, UploadInfo upload) {
  }

  /**
   * Blocking, before an upload is created ({@code upload} carries no ID for the hook yet).
   *
   * @return changes the hook asks for; never null
   */
  default Creation preCreate(HookRequest request, UploadInfo upload) {
    return Creation.UNCHANGED;
  }

  /** Asynchronous: the upload exists. */
  default void postCreate(HookRequest request, UploadInfo upload) {
  }

  /**
   * A request body starts to be written into {@code upload}. The returned progress is told about the bytes read and
   * about the end of the write. {@code stopUpload} stops the body (the upload is then terminated); it takes the
   * hook's response to merge into the client's.
   */
  default Progress receiving(HookRequest request, UploadInfo upload, Consumer<HookResponse> stopUpload) {
    return Progress.NONE;
  }

  /**
   * Blocking, once the upload holds all its bytes, before the response. The HTTP layer calls {@link #postFinish}
   * right after it returns. An implementation with durable post-finish records that event before running the
   * pre-finish hook, so that a crash while the hook runs does not lose it.
   *
   * @return a response to merge into the client's, or null
   */
  default HookResponse preFinish(HookRequest request, UploadInfo upload) {
    return null;
  }

  /**
   * The upload is finished (after {@link #preFinish} returned). Records the event durably before it returns, unless
   * {@code preFinish} did already; delivers it asynchronously.
   */
  default void postFinish(HookRequest request, UploadInfo upload) {
  }

  /**
   * Blocking, before a client deletes an upload.
   *
   * @return a response to merge into the client's, or null
   */
  default HookResponse preTerminate(HookRequest request, UploadInfo upload) {
    return null;
  }

  /** Asynchronous: the upload was deleted. */
  default void postTerminate(HookRequest request, UploadInfo upload) {
  }

  /** Stops delivering; events already recorded durably are delivered after the next start. */
  @Override
  default void close() {
  }

  /**
   * What a pre-create hook changed.
   *
   * @param id a new upload ID, or null to keep the server's
   * @param metadata new metadata replacing the client's, or null to keep it
   * @param response a response to merge into the client's 201, or null
   */
  record Creation(String id, Map<String, String> metadata, HookResponse response) {
    /** No change. */
    public static final Creation UNCHANGED = new Creation(null, null, null);
  }

  /** Progress of one request body. */
  interface Progress {
    /** Reports nothing. */
    Progress NONE = new Progress() {
      @Override
      public void read(long offset) {
      }

      @Override
      public void ended(UploadInfo upload) {
      }
    };

    /** Bytes arrived; {@code offset} is the upload's offset if they were all stored. Called per read: be quick. */
    void read(long offset);

    /** The write ended; {@code upload} is the durable state after it. */
    void ended(UploadInfo upload);
  }
}
