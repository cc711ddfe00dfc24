package dev.resumable.tus.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The IDs the file store maps to file names: no dots, no separators, bounded length. */
class FileStoreIdsTest {
  @Test
  void acceptsTusdStyleIds() {
    assertThat(FileStore.isSafe("0123456789abcdef0123456789abcdef")).isTrue();
    assertThat(FileStore.isSafe("A-z_0+9~")).isTrue();
    assertThat(FileStore.isSafe("-a")).isTrue();
    assertThat(FileStore.isSafe("x".repeat(200))).isTrue();
  }

  @Test
  void refusesNamesThatCouldEscapeOrCollide() {
    assertThat(FileStore.isSafe(null)).isFalse();
    assertThat(FileStore.isSafe("")).isFalse();
    assertThat(FileStore.isSafe("a.info")).isFalse();
    assertThat(FileStore.isSafe("..")).isFalse();
    assertThat(FileStore.isSafe("a/b")).isFalse();
    assertThat(FileStore.isSafe("+a")).isFalse();
    assertThat(FileStore.isSafe("~a")).isFalse();
    assertThat(FileStore.isSafe("caf\u00e9")).isFalse();
    assertThat(FileStore.isSafe("x".repeat(201))).isFalse();
  }
}
