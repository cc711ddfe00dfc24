package dev.resumable.tus.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses Go-style durations as tusd takes them: {@code 500ms}, {@code 30s}, {@code 1h30m}, {@code 24h}, {@code 0}. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern WHOLE = Pattern.compile("((\\d{1,9})(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    String text = value.trim();
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (!WHOLE.matcher(text).matches()) {
      throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 30s, 1h30m, 24h)");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms": total = total.plusMillis(n); break;
        case "s": total = total.plusSeconds(n); break;
        case "m": total = total.plusMinutes(n); break;
        case "h": total = total.plusHours(n); break;
        default: total = total.plusDays(n); break;
      }
    }
    return total;
  }
}
