package dev.resumable.tus.http;

import dev.resumable.tus.store.azure.AzureTestBackend;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LargeDownloadTest} against the Azure store on Azurite. */
@ExtendWith(AzureTestBackend.class)
class AzureLargeDownloadTest extends LargeDownloadTest {
}
