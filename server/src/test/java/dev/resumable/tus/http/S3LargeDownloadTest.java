package dev.resumable.tus.http;

import dev.resumable.tus.store.s3.S3TestBackend;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LargeDownloadTest} against the S3 store on S3Proxy (streams abandoned while idle, reopened by range). */
@ExtendWith(S3TestBackend.class)
class S3LargeDownloadTest extends LargeDownloadTest {
}
