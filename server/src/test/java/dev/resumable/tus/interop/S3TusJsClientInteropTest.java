package dev.resumable.tus.interop;

import dev.resumable.tus.store.s3.S3TestBackend;
import dev.resumable.tus.testing.TestBackend;

/**
 * {@link TusJsClientInteropTest} against the S3 store on S3Proxy: the real tus-js-client uploads, resumes (by URL and
 * by fingerprint), creates with data and uploads in parallel through concatenation, into S3.
 */
class S3TusJsClientInteropTest extends TusJsClientInteropTest {
  @Override
  TestBackend backend() {
    return S3TestBackend.INSTANCE;
  }
}
