package dev.rectify.activations;

/**
 * Distances between a float result and a double reference, in units of the float ulp at the
 * reference (2^-149 below the normal range, so subnormal results are held to the same bound).
 */
final class Ulps {
  private Ulps() {}

  /**
   * |actual - reference| over the float ulp of the binade holding the reference, taken toward zero
   * so that a reference just below a power of two is measured with the finer ulp. Infinite when
   * exactly one of them is NaN or when the reference is finite but the float is not.
   */
  static double error(float actual, double reference) {
    if (Double.isNaN(reference) || Float.isNaN(actual)) {
      return Double.isNaN(reference) && Float.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
    }
    float rounded = (float) reference;
    if (Float.isInfinite(rounded) || Float.isInfinite(actual)) {
      return actual == rounded ? 0 : Double.POSITIVE_INFINITY;
    }
    float towardZero =
        Math.abs(rounded) > Math.abs(reference) ? Math.nextAfter(rounded, 0.0) : rounded;
    return Math.abs(actual - reference) / Math.ulp(towardZero);
  }

  /** Whether a reference value is a normal float (the range the ULP bounds speak of). */
  static boolean isNormalFloat(double reference) {
    float r = (float) reference;
    return Math.abs(r) >= Float.MIN_NORMAL && !Float.isInfinite(r);
  }
}
