package dev.resumable.tus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.tus.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code tus-server} command line as a user meets it, each case in its own child JVM: a bad flag value exits 2
 * with exactly one stderr line naming the flag and no stack trace; an unknown flag is refused the same way; an upload
 * directory below a regular file exits 1 with one clear line; {@code -version} and {@code -help} work; the three
 * spellings {@code -flag=value}, {@code --flag value} and {@code -flag value} and the {@code -dir} alias are accepted;
 * {@code TUS_PORT}, {@code TUS_MAX_SIZE} and {@code TUS_MAX_SIZE_FILE} are honoured and flags win over them (observed
 * through the port the server answers on and its {@code Tus-Max-Size}).
 */
class CommandLineTest {
  private static final Duration EXIT = Duration.ofSeconds(30);
  private static final Duration READY = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  private Path logs() {
    return tmp.resolve("logs");
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).collect(Collectors.toList());
  }

  private static void assertOneCleanLine(ChildJvm child, String mustContain) {
    List<String> err = lines(child.stderrText());
    assertThat(err).as("stderr: %s", child.stderrText()).hasSize(1);
    assertThat(err.get(0)).contains(mustContain).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(child.stdoutText()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "-port, abc, port",
      "-port, 70000, port",
      "-max-size, 10XB, max-size",
      "-expiration, 5y, expiration",
      "-acquire-lock-timeout, soon, acquire-lock-timeout",
  })
  void aBadFlagValueExitsTwoWithOneLineNamingTheFlag(String flag, String value, String name) throws Exception {
    try (ChildJvm child = ChildJvm.start(logs(), flag, value, "-upload-dir", tmp.resolve("d").toString(),
        "-host", "127.0.0.1")) {
      assertThat(child.awaitExit(EXIT)).as("exit code; stderr: %s", child.stderrText()).isEqualTo(2);
      assertOneCleanLine(child, name);
    }
  }

  @Test
  void anUnknownFlagIsRefused() throws Exception {
    try (ChildJvm child = ChildJvm.start(logs(), "-no-such-flag", "1")) {
      assertThat(child.awaitExit(EXIT)).isEqualTo(2);
      assertOneCleanLine(child, "-no-such-flag");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"-hooks-foo", "-hooks-htp", "-hx", "-help-me"})
  void anUnknownFlagStartingWithHIsRefusedNotTakenForHelp(String flag) throws Exception {
    try (ChildJvm child = ChildJvm.start(logs(), flag, "x")) {
      assertThat(child.awaitExit(EXIT)).as("exit code; stdout: %s", child.stdoutText()).isEqualTo(2);
      assertOneCleanLine(child, flag);
      assertThat(child.stdoutText()).doesNotContain("Usage");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"-h", "-help", "--help"})
  void onlyTheThreeHelpSpellingsAskForHelp(String flag) throws Exception {
    try (ChildJvm child = ChildJvm.start(logs(), flag)) {
      assertThat(child.awaitExit(EXIT)).isZero();
      assertThat(child.stdoutText()).contains("-upload-dir", "-hooks-http");
    }
  }

  @Test
  void anUploadDirectoryBelowARegularFileExitsOneWithOneClearLine() throws Exception {
    Path file = tmp.resolve("plain-file");
    Files.writeString(file, "not a directory");
    Path below = file.resolve("uploads");
    try (ChildJvm child = ChildJvm.start(logs(), "-upload-dir", below.toString(), "-port", "0",
        "-host", "127.0.0.1")) {
      assertThat(child.awaitExit(EXIT)).isEqualTo(1);
      assertOneCleanLine(child, below.toString());
      assertThat(child.stderrText().toLowerCase(java.util.Locale.ROOT)).contains("directory");
    }
  }

  @Test
  void versionPrintsTheVersion() throws Exception {
    try (ChildJvm child = ChildJvm.start(logs(), "-version")) {
      assertThat(child.awaitExit(EXIT)).isZero();
      assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+.*");
      assertThat(child.stdoutText().strip()).isEqualTo("tus-server " + Version.current());
    }
  }

  @Test
  void helpListsTheFlags() throws Exception {
    try (ChildJvm child = ChildJvm.start(logs(), "-help")) {
      assertThat(child.awaitExit(EXIT)).isZero();
      assertThat(child.stdoutText()).contains("-host", "-port", "-base-path", "-upload-dir", "-dir", "-max-size",
          "-store-size", "-expiration", "-disable-download", "-disable-termination", "-disable-concatenation",
          "-acquire-lock-timeout", "-network-timeout", "-version", "-help", "TUS_");
    }
  }

  private static RawHttp.Response options(int port, String basePath) throws Exception {
    return RawHttp.to(port).request("OPTIONS", basePath).send();
  }

  private static String createUpload(int port, String basePath) throws Exception {
    RawHttp.Response created = RawHttp.to(port).request("POST", basePath).tus().header("Upload-Length", 10).send();
    assertThat(created.status).as(created.toString()).isEqualTo(201);
    String location = created.header("Location");
    assertThat(location).contains(basePath);
    return location.substring(location.lastIndexOf('/') + 1);
  }

  @Test
  void equalsSingleDashAndDoubleDashSpellingsAndTheDirAliasWork() throws Exception {
    int port = ChildJvm.freePort();
    Path dir = tmp.resolve("alias-dir");
    try (ChildJvm child = ChildJvm.start(logs(), "-port=" + port, "--max-size", "1000", "-dir", dir.toString(),
        "-base-path", "/up/", "-host", "127.0.0.1")) {
      child.awaitReady(port, "/up/", READY);
      assertThat(options(port, "/up/").header("Tus-Max-Size")).isEqualTo("1000");
      String id = createUpload(port, "/up/");
      assertThat(dir.resolve(id + ".info")).as("-dir names the upload directory").exists();
    }

    int other = ChildJvm.freePort();
    Path second = tmp.resolve("upload-dir");
    try (ChildJvm child = ChildJvm.start(logs(), "--port", String.valueOf(other), "-max-size=2KB",
        "--upload-dir=" + second, "--host=127.0.0.1")) {
      child.awaitReady(other, "/files/", READY);
      assertThat(options(other, "/files/").header("Tus-Max-Size")).isEqualTo("2000");
      String id = createUpload(other, "/files/");
      assertThat(second.resolve(id + ".info")).exists();
    }
  }

  @Test
  void portAndMaxSizeComeFromTheEnvironment() throws Exception {
    int port = ChildJvm.freePort();
    try (ChildJvm child = ChildJvm.start(logs(), Map.of("TUS_PORT", String.valueOf(port), "TUS_MAX_SIZE", "3000"),
        "-upload-dir", tmp.resolve("env").toString(), "-host", "127.0.0.1")) {
      child.awaitReady(port, "/files/", READY);
      assertThat(options(port, "/files/").header("Tus-Max-Size")).isEqualTo("3000");
    }
  }

  @Test
  void maxSizeComesFromTheFileNamedByTheEnvironment() throws Exception {
    Path secret = tmp.resolve("max-size.txt");
    Files.writeString(secret, "4KB\n", StandardCharsets.UTF_8);
    int port = ChildJvm.freePort();
    try (ChildJvm child = ChildJvm.start(logs(),
        Map.of("TUS_PORT", String.valueOf(port), "TUS_MAX_SIZE_FILE", secret.toString()),
        "-upload-dir", tmp.resolve("env-file").toString(), "-host", "127.0.0.1")) {
      child.awaitReady(port, "/files/", READY);
      assertThat(options(port, "/files/").header("Tus-Max-Size")).isEqualTo("4000");
    }
  }

  @Test
  void flagsWinOverTheEnvironment() throws Exception {
    int envPort = ChildJvm.freePort();
    int flagPort = ChildJvm.freePort();
    try (ChildJvm child = ChildJvm.start(logs(),
        Map.of("TUS_PORT", String.valueOf(envPort), "TUS_MAX_SIZE", "3000"),
        "-port", String.valueOf(flagPort), "-max-size", "5000", "-upload-dir", tmp.resolve("flags").toString(),
        "-host", "127.0.0.1")) {
      child.awaitReady(flagPort, "/files/", READY);
      assertThat(options(flagPort, "/files/").header("Tus-Max-Size")).isEqualTo("5000");
      assertThat(child.stdoutText()).doesNotContain(":" + envPort + "/");
    }
  }
}
