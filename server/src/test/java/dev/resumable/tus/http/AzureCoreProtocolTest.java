package dev.resumable.tus.http;

import dev.resumable.tus.store.azure.AzureTestBackend;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link CoreProtocolTest} against the Azure store on Azurite. */
@ExtendWith(AzureTestBackend.class)
class AzureCoreProtocolTest extends CoreProtocolTest {
}
