package dev.rectify.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of {@link SpecialFunctions} against {@link BigReference} (40-digit BigDecimal, methods
 * independent of the implementation) and against published values, plus special values and
 * identities. Each sweep prints its largest error, so a regression shows before it fails.
 */
final class SpecialFunctionsTest {

  // Published values. erf: Abramowitz and Stegun, Table 7.1 (erf(0.5), erf(1), erf(2) to 15
  // digits there). The longer digit strings and the erfc tails were checked independently with
  // mpmath 1.3.0 at 30 digits (mp.erf / mp.erfc); they agree with DLMF 7.2 / 7.12 asymptotics.
  private static final String[][] PUBLISHED_ERF = {
    {"0.5", "0.520499877813046537682746653892"},
    {"1", "0.842700792949714869341220635083"},
    {"2", "0.995322265018952734162069256367"},
    {"3", "0.99997790950300141455862722387"},
  };
  private static final String[][] PUBLISHED_ERFC = {
    {"0.5", "0.479500122186953462317253346108"},
    {"1", "0.157299207050285130658779364917"},
    {"5", "1.53745979442803485018834348538e-12"},
    {"10", "2.08848758376254475700078629496e-45"},
    {"26", "5.66319240885614284647572789693e-296"},
    {"27", "5.23704892378925568501606768285e-319"},
  };

  // --- the reference itself ----------------------------------------------------------------------

  @Test
  void reference_matchesPublishedValues() {
    for (String[] row : PUBLISHED_ERF) {
      assertRelativelyClose(new BigDecimal(row[1]), BigReference.erf(new BigDecimal(row[0])), row);
    }
    for (String[] row : PUBLISHED_ERFC) {
      assertRelativelyClose(new BigDecimal(row[1]), BigReference.erfc(new BigDecimal(row[0])), row);
    }
  }

  @Test
  void reference_seriesAndContinuedFractionAgreeWhereBothConverge() {
    // Up to 3, where the series is used: there 1 - erf cancels 5 digits and the series' terms
    // another 4, leaving 25 of the 34.
    for (double x = 2.0; x <= 3.0; x += 0.0625) {
      BigDecimal bx = new BigDecimal(x);
      BigDecimal viaSeries = BigDecimal.ONE.subtract(BigReference.erfSeries(bx));
      assertRelativelyClose(viaSeries, BigReference.erfcFraction(bx), "x=" + x);
    }
  }

  @Test
  void reference_taylorStepMatchesDirectEvaluation() {
    for (double a : new double[] {0.0, 0.3, 1.7, 2.95, 3.5, 10.0, 26.6, 29.9}) {
      for (double d : new double[] {-0x1p-8, 0x1p-9, 0x1p-8}) {
        BigDecimal ba = new BigDecimal(a);
        BigDecimal bx = ba.add(new BigDecimal(d));
        BigDecimal step =
            BigReference.erfIncrement(
                ba, BigReference.exp(ba.multiply(ba).negate()), new BigDecimal(d));
        assertRelativelyClose(
            BigReference.erfc(bx), BigReference.erfc(ba).subtract(step), "a=" + a + " d=" + d);
      }
    }
  }

  // --- erf and erfc ------------------------------------------------------------------------------

  @Test
  void erfAndErfc_publishedValues_withinHalfAnUlpPlusRounding() {
    for (String[] row : PUBLISHED_ERF) {
      double x = Double.parseDouble(row[0]);
      assertUlps(1, SpecialFunctions.erf(x), new BigDecimal(row[1]), "erf(" + x + ")");
    }
    for (String[] row : PUBLISHED_ERFC) {
      double x = Double.parseDouble(row[0]);
      assertUlps(1, SpecialFunctions.erfc(x), new BigDecimal(row[1]), "erfc(" + x + ")");
    }
  }

  /**
   * 109,500 points: a grid of step 1/1024 over [-30, 30] (61,442 points) and 48,000 random points
   * in [-6, 6], where erf and erfc change most, each checked against the 34-digit reference
   * (relative to erfc itself in its tails, in subnormal spacings where it is subnormal), plus the
   * piece boundaries and extremes. To keep the run short, each full BigDecimal evaluation at an
   * anchor serves three neighbours within 2^-8 through {@link BigReference#erfIncrement}.
   */
  @Test
  void erfAndErfc_sweepOfTheWholeRange_withinTwoUlps() {
    MaxError erf = new MaxError("erf");
    MaxError erfc = new MaxError("erfc");
    SplittableRandom random = new SplittableRandom(20250101);
    int points = 0;
    for (int i = 0; i < 30 * 256; i++) {
      double a = i / 256.0;
      points +=
          checkErfGroup(a, new double[] {a, a + 0x1p-10, a + 0x2p-10, a + 0x3p-10}, erf, erfc);
    }
    points += checkErfGroup(30, new double[] {30}, erf, erfc);
    for (int i = 0; i < 6_000; i++) {
      double a = random.nextDouble(0, 6);
      double[] xs = {a, 0, 0, 0};
      for (int j = 1; j < xs.length; j++) {
        xs[j] = Math.abs(a + random.nextDouble(-0x1p-9, 0x1p-9));
      }
      points += checkErfGroup(a, xs, erf, erfc);
    }
    double[] extremes = {
      Double.MIN_VALUE,
      3 * Double.MIN_VALUE,
      Double.MIN_NORMAL,
      1e-300,
      1e-20,
      1e-8,
      0x1p-28,
      Math.nextDown(0.5),
      0.5,
      Math.nextDown(0.75),
      0.75,
      Math.nextDown(1.0),
      1.0,
      Math.nextUp(1.0),
      Math.nextDown(1.5),
      1.5,
      Math.nextDown(2.0),
      2.0,
      3.0,
      Math.nextUp(3.0),
      4.0,
      6.0,
      8.0,
      12.0,
      16.0,
      24.0,
      5.92,
      5.93,
      Math.nextDown(6.0),
      26.55,
      26.6,
      27.0,
      27.2,
      27.25,
      27.3,
      29.9,
    };
    for (double x : extremes) {
      points += checkErfGroup(x, new double[] {x}, erf, erfc);
    }
    System.out.println(points + " points: " + erf + ", " + erfc);
    assertTrue(points >= 100_000, "only " + points + " points");
    erf.assertAtMost(1);
    erfc.assertAtMost(2);
  }

  /**
   * Checks erf and erfc at each x of {@code xs} and at -x, from one full reference evaluation at
   * the anchor a (all x near a, x &gt;= 0); returns the number of points checked.
   */
  private static int checkErfGroup(double a, double[] xs, MaxError erf, MaxError erfc) {
    // erfc from the continued fraction where it converges, not as 1 - erf (which has lost the
    // tail's digits), and erf from the series where that converges.
    BigDecimal ba = new BigDecimal(a);
    BigDecimal expMinusA2 = BigReference.exp(ba.multiply(ba).negate());
    BigDecimal e;
    BigDecimal c;
    if (a > 3) {
      c = BigReference.erfcFraction(ba, expMinusA2);
      e = BigDecimal.ONE.subtract(c);
    } else {
      e = BigReference.erfSeries(ba);
      c = BigDecimal.ONE.subtract(e);
    }
    for (double x : xs) {
      BigDecimal step = BigReference.erfIncrement(ba, expMinusA2, new BigDecimal(x).subtract(ba));
      BigDecimal ex = e.add(step);
      BigDecimal cx = c.subtract(step);
      erf.add(x, SpecialFunctions.erf(x), ex);
      erf.add(-x, SpecialFunctions.erf(-x), ex.negate());
      erfc.add(x, SpecialFunctions.erfc(x), cx);
      erfc.add(-x, SpecialFunctions.erfc(-x), BigDecimal.valueOf(2).subtract(cx));
    }
    return 2 * xs.length;
  }

  @Test
  void erfAndErfc_specialValues() {
    assertBits(0.0, SpecialFunctions.erf(0.0));
    assertBits(-0.0, SpecialFunctions.erf(-0.0));
    assertBits(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
    assertBits(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
    assertBits(1.0, SpecialFunctions.erf(6.0));
    assertBits(-1.0, SpecialFunctions.erf(-Double.MAX_VALUE));
    assertBits(Double.NaN, SpecialFunctions.erf(Double.NaN));
    assertBits(1.0, SpecialFunctions.erfc(0.0));
    assertBits(1.0, SpecialFunctions.erfc(-0.0));
    assertBits(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY));
    assertBits(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY));
    assertBits(0.0, SpecialFunctions.erfc(28.0));
    assertBits(0.0, SpecialFunctions.erfc(1e300));
    assertBits(2.0, SpecialFunctions.erfc(-6.0));
    assertBits(Double.NaN, SpecialFunctions.erfc(Double.NaN));
    // Tiny x: erf(x) = 2x/sqrt(pi) correctly rounded, subnormals included; erfc(x) = 1.
    for (double x : new double[] {Double.MIN_VALUE, 7 * Double.MIN_VALUE, 1e-310, 1e-200}) {
      BigDecimal ref = BigReference.TWO_OVER_SQRT_PI.multiply(new BigDecimal(x));
      assertUlps(0.5, SpecialFunctions.erf(x), ref, "erf(" + x + ")");
      assertBits(1.0, SpecialFunctions.erfc(x));
    }
    // The last subnormal decades of erfc are right, not flushed to 0 early.
    assertTrue(SpecialFunctions.erfc(27.2) > 0);
  }

  // --- normal distribution and GELU --------------------------------------------------------------

  @Test
  void normalCdf_sweepIncludingTheSubnormalTail_withinTwoUlps() {
    MaxError err = new MaxError("normalCdf");
    for (double x = -38.75; x <= 9; x += 1.0 / 128 + 1e-7) {
      err.add(x, SpecialFunctions.normalCdf(x), BigReference.normalCdf(x));
    }
    System.out.println(err);
    err.assertAtMost(2);
  }

  @Test
  void gelu_sweep_withinTwoUlpsOfXTimesPhi() {
    MaxError err = new MaxError("gelu");
    for (double x = -39.5; x <= 9; x += 1.0 / 128 + 1e-7) {
      BigDecimal ref = new BigDecimal(x).multiply(BigReference.normalCdf(x));
      err.add(x, SpecialFunctions.gelu(x), ref);
    }
    System.out.println(err);
    err.assertAtMost(2);
  }

  @Test
  void normalPdf_sweep_withinOneUlp() {
    MaxError err = new MaxError("normalPdf");
    BigDecimal sqrt2Pi = BigReference.SQRT_PI.multiply(BigReference.SQRT2);
    for (double x = -39; x <= 39; x += 1.0 / 64 + 1e-7) {
      BigDecimal bx = new BigDecimal(x);
      BigDecimal ref =
          BigReference.exp(bx.multiply(bx).negate().divide(BigDecimal.valueOf(2)))
              .divide(sqrt2Pi, BigReference.MC);
      err.add(x, SpecialFunctions.normalPdf(x), ref);
    }
    System.out.println(err);
    err.assertAtMost(1);
  }

  @Test
  void normalAndGelu_specialValues() {
    assertBits(0.5, SpecialFunctions.normalCdf(0.0));
    assertBits(0.5, SpecialFunctions.normalCdf(-0.0));
    assertBits(0.0, SpecialFunctions.normalCdf(Double.NEGATIVE_INFINITY));
    assertBits(1.0, SpecialFunctions.normalCdf(Double.POSITIVE_INFINITY));
    assertBits(0.0, SpecialFunctions.normalCdf(-40.0));
    assertBits(1.0, SpecialFunctions.normalCdf(9.0));
    assertBits(Double.NaN, SpecialFunctions.normalCdf(Double.NaN));
    assertTrue(SpecialFunctions.normalCdf(-38.4) > 0, "subnormal lower tail is not flushed");
    assertBits(0.3989422804014327, SpecialFunctions.normalPdf(0.0));
    assertBits(0.0, SpecialFunctions.normalPdf(Double.POSITIVE_INFINITY));
    assertBits(0.0, SpecialFunctions.normalPdf(1e200));
    assertBits(Double.NaN, SpecialFunctions.normalPdf(Double.NaN));
    assertBits(0.0, SpecialFunctions.gelu(0.0));
    assertBits(-0.0, SpecialFunctions.gelu(-0.0));
    assertBits(Double.POSITIVE_INFINITY, SpecialFunctions.gelu(Double.POSITIVE_INFINITY));
    assertBits(-0.0, SpecialFunctions.gelu(Double.NEGATIVE_INFINITY));
    assertBits(-0.0, SpecialFunctions.gelu(-40.0));
    assertBits(1e300, SpecialFunctions.gelu(1e300));
    assertBits(Double.NaN, SpecialFunctions.gelu(Double.NaN));
    // The naive 0.5 x (1 + erf(x/sqrt 2)) cancels to 0 here; the true value is -7.6e-23.
    assertUlps(
        2,
        SpecialFunctions.gelu(-10.0),
        new BigDecimal("-7.6198530241605260659733432516e-23"),
        "gelu(-10)");
  }

  // --- logistic family ---------------------------------------------------------------------------

  @Test
  void sigmoid_sweepDownToTheSubnormalRange_withinTwoUlps() {
    MaxError err = new MaxError("sigmoid");
    for (double x = -746; x <= 40; x += 1.0 / 8 + 1e-6) {
      BigDecimal ref =
          BigDecimal.ONE.divide(
              BigDecimal.ONE.add(BigReference.exp(new BigDecimal(-x))), BigReference.MC);
      err.add(x, SpecialFunctions.sigmoid(x), ref);
    }
    System.out.println(err);
    err.assertAtMost(2);
  }

  @Test
  void softplusAndLogSigmoid_sweep_withinTwoUlps() {
    MaxError softplus = new MaxError("softplus");
    MaxError logSigmoid = new MaxError("logSigmoid");
    for (double x = -40; x <= 40; x += 1.0 / 32 + 1e-6) {
      BigDecimal ref = BigReference.log(BigDecimal.ONE.add(BigReference.exp(new BigDecimal(x))));
      softplus.add(x, SpecialFunctions.softplus(x), ref);
      logSigmoid.add(-x, SpecialFunctions.logSigmoid(-x), ref.negate());
    }
    // Far tail: softplus(x) = exp(x) (1 - exp(x)/2 + ...), i.e. exp(x) to double precision.
    for (double x = -745; x < -40; x += 0.5 + 1e-6) {
      softplus.add(x, SpecialFunctions.softplus(x), BigReference.exp(new BigDecimal(x)));
    }
    System.out.println(softplus + ", " + logSigmoid);
    softplus.assertAtMost(2);
    logSigmoid.assertAtMost(2);
  }

  @Test
  void logistic_identities() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double x = random.nextDouble(-40, 40);
      double sum = SpecialFunctions.sigmoid(x) + SpecialFunctions.sigmoid(-x);
      assertTrue(Math.abs(sum - 1) <= 2 * Math.ulp(1.0), () -> "sigmoid(x)+sigmoid(-x) at " + x);
      double diff = SpecialFunctions.softplus(x) - SpecialFunctions.softplus(-x);
      double scale = Math.max(1, Math.abs(x));
      assertTrue(
          Math.abs(diff - x) <= 4 * Math.ulp(scale), () -> "softplus(x)-softplus(-x) at " + x);
      assertBits(-SpecialFunctions.softplus(-x), SpecialFunctions.logSigmoid(x));
    }
  }

  @Test
  void logistic_noOverflowAndExactSpecialValues() {
    assertBits(1.0, SpecialFunctions.sigmoid(1000.0));
    assertBits(0.0, SpecialFunctions.sigmoid(-1000.0));
    assertBits(0.5, SpecialFunctions.sigmoid(0.0));
    assertBits(0.5, SpecialFunctions.sigmoid(-0.0));
    assertBits(1.0, SpecialFunctions.sigmoid(Double.POSITIVE_INFINITY));
    assertBits(0.0, SpecialFunctions.sigmoid(Double.NEGATIVE_INFINITY));
    assertBits(Double.NaN, SpecialFunctions.sigmoid(Double.NaN));
    assertBits(4.2e-322, SpecialFunctions.sigmoid(-740.0)); // subnormal, not flushed
    assertBits(1000.0, SpecialFunctions.softplus(1000.0));
    assertBits(0.0, SpecialFunctions.softplus(-1000.0));
    assertBits(Math.log(2), SpecialFunctions.softplus(0.0));
    assertBits(Math.log(2), SpecialFunctions.softplus(-0.0));
    assertBits(Double.POSITIVE_INFINITY, SpecialFunctions.softplus(Double.POSITIVE_INFINITY));
    assertBits(0.0, SpecialFunctions.softplus(Double.NEGATIVE_INFINITY));
    assertBits(Double.NaN, SpecialFunctions.softplus(Double.NaN));
    assertBits(-1000.0, SpecialFunctions.logSigmoid(-1000.0));
    assertBits(-0.0, SpecialFunctions.logSigmoid(1000.0));
    assertBits(-Math.log(2), SpecialFunctions.logSigmoid(0.0));
    assertBits(Double.NEGATIVE_INFINITY, SpecialFunctions.logSigmoid(Double.NEGATIVE_INFINITY));
    assertBits(-0.0, SpecialFunctions.logSigmoid(Double.POSITIVE_INFINITY));
    assertBits(Double.NaN, SpecialFunctions.logSigmoid(Double.NaN));
    assertBits(-Double.MAX_VALUE, SpecialFunctions.logSigmoid(-Double.MAX_VALUE));
  }

  @Test
  void softplusWithBetaAndThreshold_followsPyTorch() {
    // Linear regime strictly above the threshold (torch: x * beta > threshold ? x : ...).
    assertBits(21.0, SpecialFunctions.softplus(21.0, 1, 20));
    assertBits(SpecialFunctions.softplus(20.0), SpecialFunctions.softplus(20.0, 1, 20));
    assertBits(10.5, SpecialFunctions.softplus(10.5, 2, 20));
    assertBits(SpecialFunctions.softplus(18.0) / 2, SpecialFunctions.softplus(9.0, 2, 20));
    assertBits(SpecialFunctions.softplus(-3.0) / 0.5, SpecialFunctions.softplus(-6.0, 0.5, 20));
    // A huge threshold must not overflow exp: the stable form gives x (+ a negligible term).
    assertBits(800.0, SpecialFunctions.softplus(800.0, 1, 1e4));
    assertBits(Double.NaN, SpecialFunctions.softplus(Double.NaN, 1, 20));
    assertBits(Double.NaN, SpecialFunctions.softplus(1.0, Double.NaN, 20));
    assertBits(Double.NaN, SpecialFunctions.softplus(1.0, 1, Double.NaN));
    assertBits(Double.POSITIVE_INFINITY, SpecialFunctions.softplus(1.0, 0, 20));
  }

  // --- float overloads ---------------------------------------------------------------------------

  /**
   * Every float overload against its double version over a dense sweep of float bit patterns (both
   * signs, subnormals to 120): at most 1 float ulp, and in fact correctly rounding the double
   * result.
   */
  @Test
  void floatOverloads_denseSweep_withinOneFloatUlpOfTheDoubleVersion() {
    MaxError[] errors = {
      sweepFloats("erf(float)", SpecialFunctions::erf, x -> SpecialFunctions.erf(x)),
      sweepFloats("erfc(float)", SpecialFunctions::erfc, x -> SpecialFunctions.erfc(x)),
      sweepFloats("sigmoid(float)", SpecialFunctions::sigmoid, x -> SpecialFunctions.sigmoid(x)),
      sweepFloats(
          "logSigmoid(float)", SpecialFunctions::logSigmoid, x -> SpecialFunctions.logSigmoid(x)),
      sweepFloats("softplus(float)", SpecialFunctions::softplus, x -> SpecialFunctions.softplus(x)),
      sweepFloats(
          "softplus(float,2,20)",
          x -> SpecialFunctions.softplus(x, 2f, 20f),
          x -> SpecialFunctions.softplus(x, 2.0, 20.0)),
      sweepFloats("gelu(float)", SpecialFunctions::gelu, x -> SpecialFunctions.gelu(x)),
      sweepFloats(
          "normalCdf(float)", SpecialFunctions::normalCdf, x -> SpecialFunctions.normalCdf(x)),
      sweepFloats(
          "normalPdf(float)", SpecialFunctions::normalPdf, x -> SpecialFunctions.normalPdf(x)),
    };
    StringBuilder summary = new StringBuilder();
    for (MaxError e : errors) {
      summary.append(e).append("; ");
    }
    System.out.println(summary);
    for (MaxError e : errors) {
      e.assertAtMost(1);
    }
  }

  @Test
  void floatOverloads_specialValues() {
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(SpecialFunctions.erf(-0f)));
    assertEquals(1f, SpecialFunctions.erf(Float.POSITIVE_INFINITY));
    assertTrue(Float.isNaN(SpecialFunctions.gelu(Float.NaN)));
    assertEquals(3.8e-44f, SpecialFunctions.sigmoid(-100f)); // float subnormal, not 0
    assertEquals(0f, SpecialFunctions.sigmoid(-1000f));
    assertEquals(1000f, SpecialFunctions.softplus(1000f));
  }

  /** A float function of a float argument. */
  private interface FloatFunction {
    float apply(float x);
  }

  private static MaxError sweepFloats(String name, FloatFunction f, DoubleUnaryOperator exact) {
    MaxError err = new MaxError(name);
    int top = Float.floatToRawIntBits(120f);
    for (int bits = 0; bits <= top; bits += 4099) {
      for (float x : new float[] {Float.intBitsToFloat(bits), -Float.intBitsToFloat(bits)}) {
        double reference = exact.applyAsDouble(x);
        double e = Ulps.ulpError(f.apply(x), reference);
        err.add(x, e);
      }
    }
    return err;
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** Tracks the largest ulp error of a sweep and where it occurred. */
  private static final class MaxError {
    private final String name;
    private double max = -1;
    private double worstX = Double.NaN;

    MaxError(String name) {
      this.name = name;
    }

    void add(double x, double actual, BigDecimal reference) {
      add(x, Ulps.ulpError(actual, reference));
    }

    void add(double x, double ulps) {
      if (!(ulps <= max)) {
        max = ulps;
        worstX = x;
      }
    }

    void assertAtMost(double bound) {
      assertTrue(max >= 0, name + ": nothing was checked");
      assertTrue(max <= bound, () -> this + " exceeds " + bound + " ulps");
    }

    @Override
    public String toString() {
      return String.format("%s max %.3f ulp at x=%s", name, max, worstX);
    }
  }

  private static void assertUlps(double bound, double actual, BigDecimal reference, String what) {
    double e = Ulps.ulpError(actual, reference);
    assertTrue(e <= bound, () -> what + " = " + actual + ", " + e + " ulps from " + reference);
  }

  private static void assertBits(double expected, double actual) {
    assertEquals(
        Double.doubleToLongBits(expected),
        Double.doubleToLongBits(actual),
        () -> "expected " + expected + " but was " + actual);
  }

  private static void assertRelativelyClose(BigDecimal expected, BigDecimal actual, Object what) {
    BigDecimal rel = expected.subtract(actual).abs().divide(expected.abs(), BigReference.MC);
    assertTrue(
        rel.compareTo(new BigDecimal("1e-22")) < 0,
        () ->
            java.util.Arrays.deepToString(new Object[] {what}) + ": " + actual + " vs " + expected);
  }
}
