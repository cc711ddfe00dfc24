package dev.resumable.tus.store.azure;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Azurite, the Azure Storage emulator from npm ({@code server/src/test/azurite}, installed by {@code make test-deps}),
 * started once per test JVM on a free loopback port with in-memory persistence, and stopped at JVM exit.
 */
public final class LocalAzurite {
  /** Azurite's well-known development account (public, documented by Microsoft). */
  public static final String ACCOUNT = "devstoreaccount1";
  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static LocalAzurite shared;
  private static IllegalStateException failure;

  private final Process process;
  private final int port;
  private final AtomicInteger containers = new AtomicInteger();
  private final BlobServiceClient client;

  private LocalAzurite() throws IOException {
    Path binary = Path.of("src/test/azurite/node_modules/.bin/azurite-blob").toAbsolutePath();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("Azurite is not installed at " + binary + ": run `make test-deps` (or npm ci "
          + "in server/src/test/azurite)");
    }
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path work = Files.createTempDirectory("azurite");
    process = new ProcessBuilder(binary.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
        "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck")
        .directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(new File(work.toFile(), "azurite.log")).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
        break;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("Azurite did not start: " + Files.readString(work.resolve("azurite.log")), e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException(interrupted);
        }
      }
    }
    client = new BlobServiceClientBuilder().endpoint(endpoint())
        .credential(new StorageSharedKeyCredential(ACCOUNT, KEY)).httpClient(new JdkHttpClientBuilder().build())
        .buildClient();
  }

  /** The Azurite of this JVM, started on first use. */
  public static synchronized LocalAzurite shared() {
    if (failure != null) {
      throw failure;
    }
    if (shared == null) {
      try {
        shared = new LocalAzurite();
      } catch (IOException | RuntimeException e) {
        failure = new IllegalStateException("Azurite could not be started: " + e.getMessage(), e);
        throw failure;
      }
    }
    return shared;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  public int port() {
    return port;
  }

  /** A container name not used before in this JVM (the store creates it). */
  public String newContainer() {
    return "tus-" + ProcessHandle.current().pid() + "-" + containers.incrementAndGet();
  }

  public BlobContainerClient container(String name) {
    return client.getBlobContainerClient(name);
  }

  /** A store on {@code container} with the account key, adjusted by {@code settings}. */
  public AzureStore store(String container, Consumer<AzureStoreBuilder> settings) {
    AzureStoreBuilder builder = AzureStore.builder().container(container).endpoint(endpoint()).accountName(ACCOUNT)
        .accountKey(KEY);
    settings.accept(builder);
    try {
      return builder.build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
