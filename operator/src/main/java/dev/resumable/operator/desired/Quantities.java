package dev.resumable.operator.desired;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quantities in the form the API server stores them ({@code cpu: 0.5} is stored as {@code 500m}, {@code 1024Mi} as
 * {@code 1Gi}). The desired state is written in this form, so the object read back equals it and a converged
 * TusServer causes no writes.
 *
 * <p>The rules of Kubernetes' canonical form: a binary-suffixed value (Ki, Mi, ...) keeps the largest binary suffix
 * that divides it, unless it is below 1024 or fractional, in which case it becomes decimal; a decimal value gets the
 * largest SI suffix (n, u, m, none, k, M, G, T, P, E) that leaves a whole number, rounded up to nano units.
 */
public final class Quantities {

  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final String[] DECIMAL = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  private static final BigDecimal KIBI = BigDecimal.valueOf(1024);

  private Quantities() {
  }

  /**
   * The canonical form of a quantity.
   *
   * @param quantity a quantity as a user wrote it
   * @return the form the API server stores
   */
  public static Quantity canonical(Quantity quantity) {
    if (quantity == null) {
      return null;
    }
    String text = quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
    BigDecimal value = quantity.getNumericalAmount().setScale(9, RoundingMode.CEILING).stripTrailingZeros();
    boolean binary = text.matches(".*[KMGTPE]i$");
    boolean whole = value.scale() <= 0;
    if (binary && whole && value.abs().compareTo(KIBI) >= 0) {
      int index = 0;
      BigDecimal mantissa = value;
      while (index < BINARY.length - 1 && mantissa.remainder(KIBI).signum() == 0) {
        mantissa = mantissa.divide(KIBI);
        index++;
      }
      return new Quantity(mantissa.toBigInteger() + BINARY[index]);
    }
    if (value.signum() == 0) {
      return new Quantity("0");
    }
    for (int index = DECIMAL.length - 1; index >= 0; index--) {
      int exponent = (index - 3) * 3;
      BigDecimal mantissa = value.movePointLeft(exponent);
      if (mantissa.stripTrailingZeros().scale() <= 0) {
        return new Quantity(mantissa.toBigInteger() + DECIMAL[index]);
      }
    }
    return new Quantity(value.toPlainString());
  }

  /**
   * Canonical copies of every quantity in a map.
   *
   * @param quantities e.g. resource requests, may be null
   * @return a new map in the same order, or null
   */
  public static Map<String, Quantity> canonical(Map<String, Quantity> quantities) {
    if (quantities == null) {
      return null;
    }
    Map<String, Quantity> result = new LinkedHashMap<>();
    quantities.forEach((name, quantity) -> result.put(name, canonical(quantity)));
    return result;
  }
}
