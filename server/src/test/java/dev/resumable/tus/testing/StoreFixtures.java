package dev.resumable.tus.testing;

import dev.resumable.tus.store.azure.AzureTestBackend;
import dev.resumable.tus.store.file.FileTestBackend;
import dev.resumable.tus.store.s3.S3TestBackend;
import java.util.List;

/**
 * The registry of store fixtures: every class annotated {@link StoreContract} runs once per entry. Adding a store
 * to the suite is adding its {@link TestBackend} here.
 */
public final class StoreFixtures {
  private StoreFixtures() {
  }

  /** Every store the contract suite runs on. */
  public static List<TestBackend> all() {
    return List.of(FileTestBackend.INSTANCE, S3TestBackend.INSTANCE, AzureTestBackend.INSTANCE);
  }
}
