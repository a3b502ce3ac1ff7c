package dev.rectify.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Errors measured in units in the last place (ulps) of the reference value, for accuracy tests of
 * kernels and special functions in every module.
 *
 * <pre>{@code
 * float y = kernel.apply(x);
 * double err = Ulps.ulpError(y, referenceInDouble(x));   // in float ulps
 * assertTrue(err <= 1, () -> "x=" + x + ": " + err + " ulps");
 * }</pre>
 *
 * <p>The ulp is that of the reference, as a real number, in the target format: {@code ulp(r) =
 * 2^(max(e, emin) - p + 1)} with {@code e = floor(log2 |r|)}, p the precision (24 or 53) and emin
 * the least normal exponent (-126 or -1022). So just below a power of two the finer ulp counts
 * (against a reference just below 1, a float ulp is 2^-24, not the 2^-23 of {@code 1.0f}), and in
 * the subnormal range the ulp is the subnormal spacing. A correctly rounded result is always within
 * 0.5 ulp.
 *
 * <p>Special values, the same for every overload:
 *
 * <ul>
 *   <li>NaN vs NaN is 0; NaN vs a number, or a number vs NaN, is +inf.
 *   <li>Equal values are 0, including the same infinity and {@code +0} vs {@code -0} (assert the
 *       sign of zero separately where it matters).
 *   <li>An infinite result is 0 if it is what the reference rounds to in the target format (the
 *       reference lies beyond the overflow threshold) and +inf otherwise; a finite result against
 *       an infinite reference is +inf.
 * </ul>
 */
public final class Ulps {
  /** 40 digits of the reference in units of its ulp (about 2^52): 24 digits below the ulp. */
  private static final MathContext SCALED_CONTEXT = new MathContext(40, RoundingMode.HALF_EVEN);

  private Ulps() {}

  /**
   * |actual - reference| in float ulps of {@code reference}; see the class documentation for the
   * definition and the special values.
   */
  public static double ulpError(float actual, double reference) {
    if (Float.isInfinite(actual) && !Double.isInfinite(reference) && !Double.isNaN(reference)) {
      return (float) reference == actual ? 0 : Double.POSITIVE_INFINITY;
    }
    return error(actual, reference, 24, Float.MIN_EXPONENT);
  }

  /**
   * |actual - reference| in double ulps of {@code reference}. The reference is itself a double, so
   * this suits exactly representable references and, more often, comparisons of two
   * implementations; against a more precise reference use {@link #ulpError(double, BigDecimal)}.
   */
  public static double ulpError(double actual, double reference) {
    return error(actual, reference, 53, Double.MIN_EXPONENT);
  }

  /**
   * |actual - reference| in double ulps of an exact (or more than double precise) reference; the
   * difference is computed exactly, so this is the overload for measuring 0.5-ulp-level accuracy.
   * An infinite or NaN {@code actual} gives +inf (the reference is finite).
   */
  public static double ulpError(double actual, BigDecimal reference) {
    if (Double.isNaN(actual) || Double.isInfinite(actual)) {
      return Double.POSITIVE_INFINITY;
    }
    if (reference.signum() == 0) {
      return Math.abs(actual) / Double.MIN_VALUE;
    }
    // floor(log2 |r|): the double conversion can round up to the next power of two; step back.
    BigDecimal abs = reference.abs();
    int e = Math.getExponent(abs.doubleValue());
    if (abs.compareTo(new BigDecimal(Math.scalb(1.0, e))) < 0) {
      e--;
    }
    int ulpExponent = Math.max(e, Double.MIN_EXPONENT) - 52;
    // Measure in units of the ulp: scale both by 2^-ulpExponent (exact for the double, whose
    // scaled value is an integer below 2^54). This avoids the exact decimal expansion of a tiny
    // double (up to 767 digits) and keeps fractions of a subnormal spacing.
    BigDecimal power = new BigDecimal(BigInteger.ONE.shiftLeft(Math.abs(ulpExponent)));
    BigDecimal scaledReference =
        ulpExponent < 0
            ? reference.multiply(power, SCALED_CONTEXT)
            : reference.divide(power, SCALED_CONTEXT);
    double scaledActual = Math.scalb(actual, -ulpExponent);
    if (Double.isInfinite(scaledActual)) {
      return Double.POSITIVE_INFINITY;
    }
    return new BigDecimal(scaledActual).subtract(scaledReference).abs().doubleValue();
  }

  private static double error(double actual, double reference, int precision, int minExponent) {
    boolean actualNan = Double.isNaN(actual);
    boolean referenceNan = Double.isNaN(reference);
    if (actualNan || referenceNan) {
      return actualNan && referenceNan ? 0 : Double.POSITIVE_INFINITY;
    }
    if (actual == reference) {
      return 0;
    }
    if (Double.isInfinite(actual) || Double.isInfinite(reference)) {
      return Double.POSITIVE_INFINITY;
    }
    // Math.getExponent of a subnormal double is MIN_EXPONENT - 1, clamped by the max below; of 0
    // likewise, so a zero reference is measured in subnormal spacings.
    int e = Math.max(Math.getExponent(reference), minExponent);
    // |actual - reference| in double: exact when they are within a factor of 2 (Sterbenz), and
    // otherwise rounded at 2^-53 relative, which is immaterial for an error that large.
    return Math.scalb(Math.abs(actual - reference), precision - 1 - e);
  }
}
