package dev.resumable.tus.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses sizes: plain bytes, or a number with a unit (KB/MB/GB/TB decimal, KiB/MiB/GiB/TiB binary). */
final class SizeConverter implements ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a size (examples: 1048576, 500MB, 10GiB)");
    }
    long number;
    try {
      number = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is too large");
    }
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor;
    switch (unit) {
      case "B": factor = 1; break;
      case "KB": factor = 1_000L; break;
      case "MB": factor = 1_000_000L; break;
      case "GB": factor = 1_000_000_000L; break;
      case "TB": factor = 1_000_000_000_000L; break;
      case "KIB": factor = 1L << 10; break;
      case "MIB": factor = 1L << 20; break;
      case "GIB": factor = 1L << 30; break;
      case "TIB": factor = 1L << 40; break;
      default: throw new TypeConversionException("unknown size unit in '" + value + "'");
    }
    try {
      return Math.multiplyExact(number, factor);
    } catch (ArithmeticException e) {
      throw new TypeConversionException("'" + value + "' is too large");
    }
  }
}
