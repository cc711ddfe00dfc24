package dev.resumable.tus.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The syntax of upload IDs accepted in a URL (checked before any store call). */
class UploadIdsTest {
  @Test
  void acceptsUrlSafeIds() {
    assertThat(UploadIds.isAcceptable(UploadIds.next())).isTrue();
    assertThat(UploadIds.isAcceptable("a")).isTrue();
    assertThat(UploadIds.isAcceptable("A-z_0~9+x")).isTrue();
    assertThat(UploadIds.isAcceptable("object.part+upload.id")).isTrue();
    assertThat(UploadIds.isAcceptable("~a")).isTrue();
    assertThat(UploadIds.isAcceptable("x".repeat(255))).isTrue();
  }

  @Test
  void refusesEverythingElse() {
    assertThat(UploadIds.isAcceptable("")).isFalse();
    assertThat(UploadIds.isAcceptable(".a")).isFalse();
    assertThat(UploadIds.isAcceptable("a..b")).isFalse();
    assertThat(UploadIds.isAcceptable("..")).isFalse();
    assertThat(UploadIds.isAcceptable("a/b")).isFalse();
    assertThat(UploadIds.isAcceptable("a%2e")).isFalse();
    assertThat(UploadIds.isAcceptable("a b")).isFalse();
    assertThat(UploadIds.isAcceptable("caf\u00e9")).isFalse();
    assertThat(UploadIds.isAcceptable("\u0661")).isFalse();
    assertThat(UploadIds.isAcceptable("x".repeat(256))).isFalse();
  }
}
