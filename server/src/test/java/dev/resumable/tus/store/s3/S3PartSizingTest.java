package dev.resumable.tus.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The part-size rule at real scale, by simulation of {@link S3ChunkWriter}'s decisions (full parts cut at
 * {@link PartSizing#cut}, the rest a part if {@link PartSizing#mayCommit} else the tail): no resume pattern needs
 * more than 10,000 parts, and no part but the last is under the minimum.
 */
class S3PartSizingTest {
  private static final long MIB = 1 << 20;

  @ParameterizedTest(name = "{0} bytes in chunks of {1}")
  @CsvSource({
      "1099511627776, 5242881",      // 1 TiB in chunks just over 5 MiB: tusd needs ~200,000 parts (#1247)
      "536870912000, 6291456",       // 500 GiB in 6 MiB chunks
      "5497558138880, 1073741824",   // 5 TiB in 1 GiB chunks
      "104857600000, 52428800",      // exactly 2,000 preferred parts
      "734003200, 1048576",          // 700 MiB in 1 MiB chunks
  })
  @DisplayName("many small resumes stay within 10,000 parts")
  void staysWithinPartLimit(long size, long chunk) {
    PartSizing sizing = new PartSizing(50 * MIB, 5 * MIB, PartSizing.MAX_PARTS, false);
    long partsBytes = 0;
    long tail = 0;
    int number = 1;
    while (partsBytes + tail < size) {
      long buffered = tail + Math.min(chunk, size - partsBytes - tail);
      tail = 0;
      while (buffered >= sizing.cut(size, partsBytes, number)) {
        long cut = sizing.cut(size, partsBytes, number);
        assertThat(cut).isLessThanOrEqualTo(PartSizing.MAX_PART_SIZE);
        partsBytes += cut;
        buffered -= cut;
        number++;
      }
      if (buffered > 0 && sizing.mayCommit(buffered, size, partsBytes, number)) {
        assertThat(buffered >= 5 * MIB || partsBytes + buffered == size).isTrue();
        partsBytes += buffered;
        number++;
      } else {
        tail = buffered;
      }
    }
    assertThat(number - 1).isLessThanOrEqualTo(PartSizing.MAX_PARTS);
    assertThat(partsBytes).isEqualTo(size);
  }
}
