package dev.rectify.math;

/**
 * Counter-based random numbers: every draw is a pure function of a key and an index, with no state
 * to carry or synchronise. A training step's random slopes, noise and dropout masks are drawn with
 * {@code (key of the step and layer, element index)}, so backward re-creates exactly the forward's
 * draws, any thread may draw any element, and resuming from a checkpoint needs only the step
 * number.
 *
 * <p>The mixing function is SplitMix64's finaliser (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), applied to {@code key + golden * (index + 1)}; it
 * passes BigCrush as a counter-mode generator.
 */
public final class CounterRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double TWO_PI = 2 * Math.PI;

  private CounterRandom() {}

  /** A well-mixed 64-bit value for (key, index). */
  public static long bits(long key, long index) {
    long z = key + GOLDEN_GAMMA * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Derives an independent key, e.g. one per layer from a step's key. */
  public static long mix(long key, long salt) {
    return bits(key ^ 0x5DEECE66DL, salt);
  }

  /** Uniform in [0, 1), 53 random bits. */
  public static double uniform(long key, long index) {
    return (bits(key, index) >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  public static double uniform(long key, long index, double lo, double hi) {
    return lo + (hi - lo) * uniform(key, index);
  }

  /**
   * A standard normal draw (Box-Muller on two independent uniforms derived from the same index; the
   * 1 - u keeps the logarithm's argument in (0, 1]).
   */
  public static double normal(long key, long index) {
    long b = bits(key, index);
    double u1 = 1.0 - (b >>> 11) * 0x1.0p-53;
    double u2 = (bits(~key, index) >>> 11) * 0x1.0p-53;
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(TWO_PI * u2);
  }

  /** A normal draw with the given mean and standard deviation. */
  public static double normal(long key, long index, double mean, double std) {
    return mean + std * normal(key, index);
  }
}
