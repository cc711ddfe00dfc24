package dev.resumable.tus.http;


import dev.resumable.tus.store.s3.S3TestBackend;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ConcurrencyTest} against the S3 store on S3Proxy. On S3 the bytes of a running PATCH become durable (and
 * count in HEAD) when they fill a part or when the PATCH ends, not byte by byte as in a file: while the few bytes
 * of these tests' stalled PATCHes are in flight, HEAD shows 0.
 */
@ExtendWith(S3TestBackend.class)
class S3ConcurrencyTest extends ConcurrencyTest {

  @Override
  long awaitArrival(String path, long arrived) throws Exception {
    Thread.sleep(300);
    return 0;
  }

  @Override
  @Test
  @Disabled("the file locker needs a shared directory; with S3 the server runs the memory locker, whose takeover "
      + "stalledHolderIsTakenOver covers")
  void stalledHolderIsTakenOverThroughFileLocker() {
  }
}
