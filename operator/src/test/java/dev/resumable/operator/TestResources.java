package dev.resumable.operator;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared test fixtures: paths of the module and the repository, the generated CRD, TusServers from YAML. */
public final class TestResources {

  private TestResources() {
  }

  /**
   * The operator module directory.
   *
   * @return absolute path
   */
  public static Path moduleDir() {
    return Path.of(System.getProperty("operator.basedir", ".")).toAbsolutePath().normalize();
  }

  /**
   * The repository root.
   *
   * @return absolute path
   */
  public static Path repoDir() {
    return moduleDir().getParent();
  }

  /**
   * The CRD the build generated from the model classes.
   *
   * @return path under target/classes
   */
  public static Path generatedCrd() {
    return moduleDir().resolve("target/classes/META-INF/fabric8/tusservers.resumable.dev-v1.yml");
  }

  /**
   * Reads a text file.
   *
   * @param path the file
   * @return its content
   */
  public static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The generated CRD, parsed.
   *
   * @return the CRD
   */
  public static CustomResourceDefinition crd() {
    return Serialization.unmarshal(read(generatedCrd()), CustomResourceDefinition.class);
  }

  /**
   * Parses a TusServer from YAML.
   *
   * @param yaml the YAML
   * @return the TusServer
   */
  public static TusServer tusServer(String yaml) {
    return Serialization.unmarshal(yaml, TusServer.class);
  }

  /**
   * Renders a kustomization with {@code kubectl kustomize} (offline).
   *
   * @param dir directory relative to the repository root
   * @return the rendered objects
   * @throws IOException when kubectl cannot run
   * @throws InterruptedException when interrupted
   */
  public static List<HasMetadata> kustomize(String dir) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("kubectl", "kustomize", dir).directory(repoDir().toFile())
        .redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
          + new String(output, StandardCharsets.UTF_8));
    }
    Object parsed = Serialization.unmarshal(new ByteArrayInputStream(output));
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    if (parsed instanceof HasMetadata single) {
      return List.of(single);
    }
    @SuppressWarnings("unchecked")
    List<HasMetadata> list = (List<HasMetadata>) parsed;
    return list;
  }
}
