package dev.rectify.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * BranchFreeMath against 34-digit BigDecimal references over random arguments across each
 * function's whole range (uniform, and log-uniform in magnitude down to the subnormals), at the
 * boundaries of its range reduction and overflow, and against {@link Math} at the special values.
 */
final class BranchFreeMathTest {
  private static final MathContext MC = BigReference.MC;
  private static final int SAMPLES = 6000;

  @Test
  void exp_withinOneUlpOverTheWholeRange() {
    double[] xs = arguments(-745.2, 709.8, 1e-300, 745, 1);
    assertWithinUlps(1.0, "exp", xs, BranchFreeMath::exp, x -> BigReference.exp(new BigDecimal(x)));
  }

  @Test
  void expm1_withinOneAndAHalfUlpsIncludingTinyArguments() {
    double[] xs = arguments(-45, 709.7, 1e-300, 709, 2);
    assertWithinUlps(1.5, "expm1", xs, BranchFreeMath::expm1, BranchFreeMathTest::expm1Reference);
  }

  @Test
  void log1p_withinOneUlpFromNearMinusOneToHugeArguments() {
    double[] xs = arguments(-1, 1e6, 1e-300, 1e300, 3);
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Math.max(xs[i], Math.nextUp(-1.0));
    }
    assertWithinUlps(1.0, "log1p", xs, BranchFreeMath::log1p, BranchFreeMathTest::log1pReference);
  }

  @Test
  void tanh_withinThreeAndAHalfUlps() {
    double[] xs = arguments(-25, 25, 1e-300, 25, 4);
    assertWithinUlps(3.5, "tanh", xs, BranchFreeMath::tanh, BranchFreeMathTest::tanhReference);
  }

  @Test
  void exp_atTheOverflowAndUnderflowThresholdsAndReductionBoundaries() {
    // the largest argument whose exponential is finite, and the next double
    double largest = 709.782712893384;
    assertEquals(Double.POSITIVE_INFINITY, BranchFreeMath.exp(Math.nextUp(largest)));
    assertEquals(Double.MIN_VALUE, BranchFreeMath.exp(-745.1332191019411));
    assertEquals(0.0, BranchFreeMath.exp(-745.1332191019412 - 1e-12));
    // n ln 2 / 64 +- half a step, where rint flips: each boundary and both its neighbours
    List<Double> xs = new ArrayList<>(List.of(largest));
    for (int n = -70000; n <= 65000; n += 997) {
      double boundary = (n + 0.5) * Math.log(2) / 64;
      xs.addAll(List.of(Math.nextDown(boundary), boundary, Math.nextUp(boundary)));
    }
    assertWithinUlps(
        1.0,
        "exp",
        xs.stream().mapToDouble(Double::doubleValue).toArray(),
        BranchFreeMath::exp,
        x -> BigReference.exp(new BigDecimal(x)));
  }

  @Test
  void specialValues_areMaths() {
    double[] specials = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      0.0,
      -0.0,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      -1.0,
      -2.0,
      1e-320,
      -1e-320
    };
    for (double x : specials) {
      assertSame(Math.exp(x), BranchFreeMath.exp(x), "exp", x);
      assertSame(Math.expm1(x), BranchFreeMath.expm1(x), "expm1", x);
      assertSame(Math.tanh(x), BranchFreeMath.tanh(x), "tanh", x);
      assertSame(Math.log1p(x), BranchFreeMath.log1p(x), "log1p", x);
    }
  }

  @Test
  void denseSweep_withinTwoUlpsOfMathForExpAndThreeForTheRest() {
    // a cheap net over a million arguments between the BigDecimal samples: Math is within 1 ulp
    Random random = new Random(5);
    for (int i = 0; i < 1_000_000; i++) {
      double x = (random.nextDouble() - 0.5) * 100;
      assertNearMath(2, "exp", BranchFreeMath::exp, Math::exp, x);
      assertNearMath(3, "expm1", BranchFreeMath::expm1, Math::expm1, x);
      assertNearMath(3, "tanh", BranchFreeMath::tanh, Math::tanh, x);
      assertNearMath(3, "log1p", BranchFreeMath::log1p, Math::log1p, Math.abs(x) - 1);
    }
  }

  private static void assertNearMath(
      int ulps, String function, DoubleUnaryOperator f, DoubleUnaryOperator math, double x) {
    double expected = math.applyAsDouble(x);
    double actual = f.applyAsDouble(x);
    assertTrue(
        Math.abs(actual - expected) <= ulps * Math.ulp(expected),
        () -> function + "(" + x + ") = " + actual + ", Math gives " + expected);
  }

  private static void assertSame(double expected, double actual, String function, double x) {
    assertEquals(
        Double.doubleToLongBits(expected),
        Double.doubleToLongBits(actual),
        () -> function + "(" + x + ") = " + actual + ", Math gives " + expected);
  }

  /**
   * SAMPLES arguments: a third uniform in [lo, hi], two thirds log-uniform in magnitude between
   * tiny and huge with either sign, clipped to [lo, hi].
   */
  private static double[] arguments(double lo, double hi, double tiny, double huge, long seed) {
    Random random = new Random(seed);
    double[] xs = new double[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      double x;
      if (i % 3 == 0) {
        x = lo + (hi - lo) * random.nextDouble();
      } else {
        double logMagnitude =
            Math.log(tiny) + (Math.log(huge) - Math.log(tiny)) * random.nextDouble();
        x = Math.exp(logMagnitude) * (random.nextBoolean() ? 1 : -1);
      }
      xs[i] = Math.min(Math.max(x, lo), hi);
    }
    return xs;
  }

  /** Each of {@code xs} within {@code bound} ulps of its BigDecimal reference. */
  private static void assertWithinUlps(
      double bound,
      String function,
      double[] xs,
      DoubleUnaryOperator f,
      Function<Double, BigDecimal> reference) {
    for (double x : xs) {
      double ulps = Ulps.ulpError(f.applyAsDouble(x), reference.apply(x));
      assertTrue(ulps <= bound, () -> function + "(" + x + "): " + ulps + " ulps");
    }
  }

  private static final BigDecimal SERIES_LIMIT = new BigDecimal("0.001");
  private static final BigDecimal NEGLIGIBLE = new BigDecimal("1e-40");

  /** exp(x) - 1, by Taylor's series near 0 where the difference would cancel. */
  private static BigDecimal expm1Reference(double x) {
    BigDecimal b = new BigDecimal(x);
    if (b.abs().compareTo(SERIES_LIMIT) >= 0) {
      return BigReference.exp(b).subtract(BigDecimal.ONE, MC);
    }
    MathContext wide = new MathContext(50, RoundingMode.HALF_EVEN);
    BigDecimal term = b;
    BigDecimal sum = b;
    for (int n = 2; term.abs().compareTo(b.abs().multiply(NEGLIGIBLE)) > 0; n++) {
      term = term.multiply(b, wide).divide(BigDecimal.valueOf(n), wide);
      sum = sum.add(term, wide);
    }
    return sum.round(MC);
  }

  /** log(1 + x), by its series near 0 where log(1 + x) would lose x's digits. */
  private static BigDecimal log1pReference(double x) {
    BigDecimal b = new BigDecimal(x);
    if (b.abs().compareTo(SERIES_LIMIT) >= 0) {
      return BigReference.log(BigDecimal.ONE.add(b));
    }
    MathContext wide = new MathContext(50, RoundingMode.HALF_EVEN);
    BigDecimal power = b;
    BigDecimal sum = b;
    for (int n = 2; power.abs().compareTo(b.abs().multiply(NEGLIGIBLE)) > 0; n++) {
      power = power.multiply(b, wide);
      BigDecimal term = power.divide(BigDecimal.valueOf(n), wide);
      sum = n % 2 == 0 ? sum.subtract(term, wide) : sum.add(term, wide);
    }
    return sum.round(MC);
  }

  /** tanh(x) = expm1(2x) / (expm1(2x) + 2). */
  private static BigDecimal tanhReference(double x) {
    BigDecimal e = expm1Reference(2 * x); // 2x is exact
    return e.divide(e.add(BigDecimal.valueOf(2)), MC);
  }
}
