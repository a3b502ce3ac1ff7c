package dev.rectify.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Branchless.select must be exactly the conditional expression, bit for bit, on the values a
 * ternary treats specially (signed zeros, NaNs with payloads, infinities, subnormals); blend must
 * equal it on finite values but for the sign of a zero result.
 */
class BranchlessTest {
  private static final float[] FLOATS = {
    0f,
    -0f,
    1f,
    -2.5f,
    Float.MIN_VALUE,
    -Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.NaN,
    Float.intBitsToFloat(0xFFC0_1234), // a NaN with a sign and a payload
  };

  @Test
  void select_returnsTheChosenArgumentBitForBit() {
    for (float a : FLOATS) {
      for (float b : FLOATS) {
        for (boolean c : new boolean[] {true, false}) {
          float expected = c ? a : b;
          assertEquals(
              Float.floatToRawIntBits(expected),
              Float.floatToRawIntBits(Branchless.select(c, a, b)),
              c + " ? " + a + " : " + b);
          assertEquals(
              Double.doubleToRawLongBits(c ? (double) a : (double) b),
              Double.doubleToRawLongBits(Branchless.select(c, (double) a, (double) b)),
              "double " + c + " ? " + a + " : " + b);
        }
      }
    }
  }

  @Test
  void blend_equalsSelectOnFiniteValues_butForTheSignOfZero() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      boolean c = random.nextBoolean();
      double a = finite(random);
      double b = finite(random);
      assertBlendsLikeSelect(c ? a : b, Branchless.blend(c, a, b), c + " ? " + a + " : " + b);
      float af = (float) a;
      float bf = (float) b;
      assertBlendsLikeSelect(
          c ? af : bf, Branchless.blend(c, af, bf), "float " + c + " ? " + af + " : " + bf);
    }
  }

  /** The same value and sign, except that blend may give +0 where select gives -0. */
  private static void assertBlendsLikeSelect(double selected, double blended, String what) {
    boolean minusZeroAsPlusZero =
        Double.doubleToRawLongBits(selected) == Double.doubleToRawLongBits(-0.0)
            && Double.doubleToRawLongBits(blended) == 0L;
    if (!minusZeroAsPlusZero) {
      assertEquals(Double.doubleToRawLongBits(selected), Double.doubleToRawLongBits(blended), what);
    }
  }

  /** Finite values over the whole range, zeros of both signs among them. */
  private static double finite(SplittableRandom random) {
    switch (random.nextInt(8)) {
      case 0:
        return random.nextBoolean() ? 0.0 : -0.0;
      case 1:
        return (random.nextDouble() - 0.5) * Float.MAX_VALUE;
      case 2:
        return (random.nextDouble() - 0.5) * 1e-40; // float subnormals
      default:
        return random.nextGaussian();
    }
  }
}
