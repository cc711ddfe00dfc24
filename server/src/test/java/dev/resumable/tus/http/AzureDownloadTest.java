package dev.resumable.tus.http;

import dev.resumable.tus.store.azure.AzureTestBackend;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DownloadTest} against the Azure store on Azurite. */
@ExtendWith(AzureTestBackend.class)
class AzureDownloadTest extends DownloadTest {
}
