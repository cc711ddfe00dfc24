package dev.resumable.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resumable.operator.TestResources;
import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * End to end on K3s: the operator image deployed with config/default, the sample TusServer applied, a real tus
 * upload through its Service. Needs Docker and the Jib image tarballs ({@code make e2e} builds them); skipped
 * without Docker.
 */
@Tag("e2e")
@Testcontainers(disabledWithoutDocker = true)
class K3sEndToEndTest {

  private static final String NS = "resumable-upload";

  @Container
  private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  @Test
  void operatorDeploysASampleThatAcceptsARealTusUpload() throws Exception {
    importImage(TestResources.repoDir().resolve("server/target/jib-image.tar"));
    importImage(TestResources.moduleDir().resolve("target/jib-image.tar"));
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
      apply(client, kustomize("config/default"));
      await().atMost(Duration.ofMinutes(3)).until(() -> ready(client, "tus-operator"));
      apply(client, kustomize("config/samples"));
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        TusServer tus = client.resources(TusServer.class).inNamespace(NS).withName("demo").get();
        return tus != null && tus.getStatus() != null && tus.getStatus().getConditions() != null
            && tus.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      });

      byte[] data = "hello from the k3s end-to-end test\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
      try (LocalPortForward forward = client.services().inNamespace(NS).withName("demo").portForward(80)) {
        String base = "http://localhost:" + forward.getLocalPort();
        TusClient tus = new TusClient();
        tus.setUploadCreationURL(new URL(base + "/files/"));
        TusUpload upload = new TusUpload();
        upload.setInputStream(new ByteArrayInputStream(data));
        upload.setSize(data.length);
        upload.setFingerprint("e2e");
        upload.setMetadata(Map.of("filename", "e2e.txt"));
        TusUploader uploader = tus.createUpload(upload);
        uploader.setChunkSize(4096);
        while (uploader.uploadChunk() > -1) {
          assertThat(uploader.getOffset()).isLessThanOrEqualTo(data.length);
        }
        uploader.finish();
        assertThat(uploader.getOffset()).isEqualTo(data.length);

        HttpURLConnection get = (HttpURLConnection) uploader.getUploadURL().openConnection();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        get.getInputStream().transferTo(body);
        assertThat(body.toByteArray()).isEqualTo(data);
      }
    }
  }

  private static boolean ready(KubernetesClient client, String deployment) {
    var d = client.apps().deployments().inNamespace(NS).withName(deployment).get();
    return d != null && d.getStatus() != null && d.getStatus().getReadyReplicas() != null
        && d.getStatus().getReadyReplicas() >= 1;
  }

  private static void importImage(Path tar) throws Exception {
    assertThat(tar).as("run make images-tar (or make e2e) first").exists();
    K3S.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
    ExecResult result = K3S.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
  }

  private static void apply(KubernetesClient client, String yaml) {
    List<HasMetadata> objects = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata object : objects) {
      client.resource(object).forceConflicts().serverSideApply();
      if ("CustomResourceDefinition".equals(object.getKind())) {
        client.apiextensions().v1().customResourceDefinitions().withName(object.getMetadata().getName())
            .waitUntilCondition(crd -> crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                60, TimeUnit.SECONDS);
      }
    }
  }

  private static String kustomize(String dir) throws Exception {
    Process process = new ProcessBuilder("kubectl", "kustomize", dir)
        .directory(TestResources.repoDir().toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    Files.writeString(TestResources.moduleDir().resolve("target/e2e-" + dir.replace('/', '-') + ".yaml"), out);
    return out;
  }
}
