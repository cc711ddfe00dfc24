package dev.resumable.tus.http;

import dev.resumable.tus.store.s3.S3TestBackend;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DownloadTest} against the S3 store on S3Proxy. */
@ExtendWith(S3TestBackend.class)
class S3DownloadTest extends DownloadTest {
}
