package dev.resumable.tus.http;

import dev.resumable.tus.store.s3.S3TestBackend;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ExtensionsTest} against the S3 store on S3Proxy (JUnit does not inherit {@code @Nested} classes). */
@ExtendWith(S3TestBackend.class)
class S3ExtensionsTest extends ExtensionsTest {
  @Nested
  class S3DeferLength extends DeferLength {
  }

  @Nested
  class S3CreationWithUpload extends CreationWithUpload {
  }

  @Nested
  class S3Checksum extends Checksum {
  }

  @Nested
  class S3Termination extends Termination {
  }

  @Nested
  class S3Concatenation extends Concatenation {
  }

  @Nested
  class S3Expiration extends Expiration {
  }

  @Nested
  class S3StoreSize extends StoreSize {
  }
}
