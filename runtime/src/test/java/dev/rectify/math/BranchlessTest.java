package dev.rectify.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Branchless's comparisons must be exactly Java's ({@code <}, {@code <=}, {@code ==}) and its
 * selects exactly the conditional expression, bit for bit, on the values IEEE arithmetic treats
 * specially (signed zeros, NaNs with signs and payloads, infinities, subnormals, the largest
 * floats, whose difference overflows) and on random pairs.
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
    Float.intBitsToFloat(0xFF80_0001), // the negative NaN next to -inf
    Float.MAX_VALUE,
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    1.0000001f,
  };

  @Test
  void comparisons_areJavasOperators_onSpecialValues() {
    for (float a : FLOATS) {
      for (float b : FLOATS) {
        assertComparesAsJava(a, b);
        assertComparesAsJava((double) a, (double) b);
      }
    }
    double[] doubles = {
      Double.MIN_VALUE, -Double.MAX_VALUE, Double.longBitsToDouble(0xFFF0_0000_0000_0001L)
    };
    for (double a : doubles) {
      for (double b : doubles) {
        assertComparesAsJava(a, b);
        assertComparesAsJava(a, -b);
      }
    }
  }

  @Test
  void comparisons_areJavasOperators_onRandomPairs() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      // random bit patterns cover every exponent, NaNs and both zeros' neighbours; near pairs
      // test the differences that round to the smallest values
      float a = Float.intBitsToFloat(random.nextInt());
      float b = random.nextBoolean() ? Float.intBitsToFloat(random.nextInt()) : Math.nextUp(a);
      assertComparesAsJava(a, b);
      assertComparesAsJava(b, a);
      double c = Double.longBitsToDouble(random.nextLong());
      double d =
          random.nextBoolean() ? Double.longBitsToDouble(random.nextLong()) : Math.nextDown(c);
      assertComparesAsJava(c, d);
      assertComparesAsJava(d, c);
    }
  }

  /**
   * The generated code compares with a number c as {@code x <= c == less(x, nextUp(c))} and {@code
   * x >= c == greater(x, nextDown(c))}: both must hold for every finite c, whatever x is.
   */
  @Test
  void lessThanTheNextFloat_isAtMost_forFiniteBounds() {
    SplittableRandom random = new SplittableRandom(12);
    for (float c : FLOATS) {
      if (!Float.isFinite(c)) {
        continue;
      }
      for (int i = 0; i < 20_000; i++) {
        float x =
            i < FLOATS.length
                ? FLOATS[i]
                : i % 3 == 0
                    ? Math.nextUp(c)
                    : i % 3 == 1 ? Math.nextDown(c) : Float.intBitsToFloat(random.nextInt());
        assertEquals(x <= c ? 1 : 0, Branchless.less(x, Math.nextUp(c)), x + " <= " + c);
        assertEquals(x >= c ? 1 : 0, Branchless.greater(x, Math.nextDown(c)), x + " >= " + c);
        double xd = x;
        assertEquals(xd <= c ? 1 : 0, Branchless.less(xd, Math.nextUp((double) c)), "double");
        assertEquals(xd >= c ? 1 : 0, Branchless.greater(xd, Math.nextDown((double) c)), "double");
      }
    }
  }

  private static void assertComparesAsJava(float a, float b) {
    String pair =
        String.format(
            "%s (%08x), %s (%08x)", a, Float.floatToRawIntBits(a), b, Float.floatToRawIntBits(b));
    assertEquals(a < b ? 1 : 0, Branchless.less(a, b), "less " + pair);
    assertEquals(a <= b ? 1 : 0, Branchless.lessOrEqual(a, b), "lessOrEqual " + pair);
    assertEquals(a == b ? 1 : 0, Branchless.equal(a, b), "equal " + pair);
    assertEquals(a > b ? 1 : 0, Branchless.greater(a, b), "greater " + pair);
    assertEquals(a >= b ? 1 : 0, Branchless.greaterOrEqual(a, b), "greaterOrEqual " + pair);
  }

  private static void assertComparesAsJava(double a, double b) {
    String pair =
        String.format(
            "%s (%016x), %s (%016x)",
            a, Double.doubleToRawLongBits(a), b, Double.doubleToRawLongBits(b));
    assertEquals(a < b ? 1 : 0, Branchless.less(a, b), "less " + pair);
    assertEquals(a <= b ? 1 : 0, Branchless.lessOrEqual(a, b), "lessOrEqual " + pair);
    assertEquals(a == b ? 1 : 0, Branchless.equal(a, b), "equal " + pair);
    assertEquals(a > b ? 1 : 0, Branchless.greater(a, b), "greater " + pair);
    assertEquals(a >= b ? 1 : 0, Branchless.greaterOrEqual(a, b), "greaterOrEqual " + pair);
  }

  @Test
  void select_returnsTheChosenArgumentBitForBit() {
    for (float a : FLOATS) {
      for (float b : FLOATS) {
        for (boolean c : new boolean[] {true, false}) {
          float expected = c ? a : b;
          assertEquals(
              Float.floatToRawIntBits(expected),
              Float.floatToRawIntBits(Branchless.select(c ? 1 : 0, a, b)),
              "int " + c + " ? " + a + " : " + b);
          assertEquals(
              Double.doubleToRawLongBits(c ? (double) a : (double) b),
              Double.doubleToRawLongBits(Branchless.select(c ? 1 : 0, (double) a, (double) b)),
              "int double " + c + " ? " + a + " : " + b);
          int bitsA = Float.floatToRawIntBits(a);
          int bitsB = Float.floatToRawIntBits(b);
          assertEquals(c ? bitsA : bitsB, Branchless.select(c ? 1 : 0, bitsA, bitsB), "int bits");
        }
      }
    }
  }
}
