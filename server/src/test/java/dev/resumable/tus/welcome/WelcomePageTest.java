package dev.resumable.tus.welcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The welcome page's small rules: content negotiation, sizes for people, the forwarded prefix. */
class WelcomePageTest {
  @Test
  @DisplayName("gzip only when Accept-Encoding lists it (or *) with a non-zero quality")
  void acceptsGzip() {
    assertThat(StaticResponse.acceptsGzip(null)).isFalse();
    assertThat(StaticResponse.acceptsGzip(List.of("gzip, deflate, br"))).isTrue();
    assertThat(StaticResponse.acceptsGzip(List.of("br;q=1.0, GZIP;q=0.5"))).isTrue();
    assertThat(StaticResponse.acceptsGzip(List.of("*"))).isTrue();
    assertThat(StaticResponse.acceptsGzip(List.of("gzip;q=0"))).isFalse();
    assertThat(StaticResponse.acceptsGzip(List.of("gzip; q=0.000"))).isFalse();
    assertThat(StaticResponse.acceptsGzip(List.of("identity", "deflate"))).isFalse();
    assertThat(StaticResponse.acceptsGzip(List.of("gzipx"))).isFalse();
  }

  @Test
  @DisplayName("sizes in binary units with the exact byte count; 0 is no limit")
  void describeSize() {
    assertThat(WelcomePage.describeSize(0)).isEqualTo("no limit");
    assertThat(WelcomePage.describeSize(1000)).isEqualTo("1000 bytes");
    assertThat(WelcomePage.describeSize(1024)).isEqualTo("1 KiB (1024 bytes)");
    assertThat(WelcomePage.describeSize(1536L * 1024 * 1024)).isEqualTo("1.5 GiB (1610612736 bytes)");
    assertThat(WelcomePage.describeSize(5L << 40)).isEqualTo("5 TiB (5497558138880 bytes)");
  }

  @Test
  @DisplayName("X-Forwarded-Prefix: first element, trailing slash dropped, only URL-safe segments, no dot segments")
  void forwardedPrefix() {
    assertThat(WelcomePage.forwardedPrefix(null)).isEmpty();
    assertThat(WelcomePage.forwardedPrefix("/tus/")).isEqualTo("/tus");
    assertThat(WelcomePage.forwardedPrefix("/a/b, /c")).isEqualTo("/a/b");
    assertThat(WelcomePage.forwardedPrefix("tus")).isEmpty();
    assertThat(WelcomePage.forwardedPrefix("/")).isEmpty();
    assertThat(WelcomePage.forwardedPrefix("//evil.example")).isEmpty();
    assertThat(WelcomePage.forwardedPrefix("/a/../b")).isEmpty();
    assertThat(WelcomePage.forwardedPrefix("/./b")).isEmpty();
    assertThat(WelcomePage.forwardedPrefix("/v1.2/up")).isEqualTo("/v1.2/up");
  }
}
