package dev.resumable.tus.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hooks package talks to the HTTP layer only through the {@code http.Hooks} seam and its typed hook exceptions
 * ({@code HookRejectedException}, {@code HookFailedException}, {@code HookInterruptedException}), which the HTTP layer
 * maps to responses; it never decides an HTTP status by throwing {@code TusException}. Checked on the compiled
 * classes: a class that refers to a type has its name in its constant pool.
 */
class HooksSeamTest {
  private static final String HTTP_EXCEPTION = "dev/resumable/tus/http/TusException";

  @Test
  void noHooksClassRefersToTheHttpLayersException() throws IOException, URISyntaxException {
    Path classes = Path.of(HookDispatcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/resumable/tus/hooks");
    List<Path> files;
    try (Stream<Path> listed = Files.list(classes)) {
      files = listed.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
    assertThat(files).as("compiled hooks classes").hasSizeGreaterThan(10);
    List<String> offenders = files.stream()
        .filter(p -> {
          try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(HTTP_EXCEPTION);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })
        .map(p -> p.getFileName().toString())
        .collect(Collectors.toList());
    assertThat(offenders).isEmpty();
  }
}
