package dev.rectify.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.math.SpecialFunctions;
import dev.rectify.math.Ulps;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * VectorMath's float-lane functions against {@link Math} in double, the independent reference:
 * random floats of every binade and sign plus the edges each function's doc names, with the ulp
 * bound each doc states. (The activations' KernelAgreementTest checks them again inside the
 * generated kernels, against the scalar loops.) And the bulk bfloat16 rounding, bit for bit,
 * against a nearest-even reference computed in double.
 */
class VectorMathTest {
  private static final int LANES = VectorConstants.FLOATS.length();

  /** 200,000 floats: uniform over the bit patterns (all binades), and dense near 0 and +-20. */
  private static float[] inputs() {
    Random r = new Random(20261123);
    float[] x = new float[200_000];
    for (int i = 0; i < x.length; i++) {
      switch (i % 3) {
        case 0:
          x[i] = Float.intBitsToFloat(r.nextInt());
          break;
        case 1:
          x[i] = (float) (r.nextGaussian() * 0.5);
          break;
        default:
          x[i] = (float) ((r.nextDouble() - 0.5) * 40);
      }
    }
    return x;
  }

  private static final float[] EDGES = {
    0f,
    -0f,
    Float.NaN,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    88.72f, // expm1 just below float overflow: k = 128
    88.73f, // and just above
    -25f,
    -17.3f, // expm1's last binade before -1
    0.3466f, // around the k = 0 / k = 1 boundary of the reduction
    0.3467f,
    -0.3466f,
    -0.3467f,
    9f, // tanh rounds to 1 from here
    -104f,
  };

  /** The largest error found and the input it was found at, for the failure message. */
  private record Worst(double ulps, float at) {
    @Override
    public String toString() {
      return ulps + " ulps at x = " + at;
    }
  }

  /**
   * The largest error over {@code x} in {@link Ulps} of the reference; NaN, overflow and zeros must
   * come out exactly, signed zeros included.
   */
  private static Worst maxUlps(UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, float[] x) {
    float[] in = new float[LANES];
    Worst worst = new Worst(0, Float.NaN);
    for (int i = 0; i + LANES <= x.length; i += LANES) {
      System.arraycopy(x, i, in, 0, LANES);
      float[] out = f.apply(FloatVector.fromArray(VectorConstants.FLOATS, in, 0)).toArray();
      for (int l = 0; l < LANES; l++) {
        double exact = ref.applyAsDouble(in[l]);
        float rounded = (float) exact;
        if (Double.isNaN(exact) || Float.isInfinite(rounded) || rounded == 0) {
          assertEquals(
              Float.floatToIntBits(rounded), Float.floatToIntBits(out[l]), "at x = " + in[l]);
          continue;
        }
        double ulps = Ulps.ulpError(out[l], exact);
        if (ulps > worst.ulps()) {
          worst = new Worst(ulps, in[l]);
        }
      }
    }
    return worst;
  }

  private static float[] withEdges(float[] x) {
    float[] all = new float[x.length + EDGES.length * LANES];
    System.arraycopy(x, 0, all, 0, x.length);
    for (int i = 0; i < EDGES.length; i++) {
      for (int l = 0; l < LANES; l++) {
        all[x.length + i * LANES + l] = EDGES[i]; // each edge in every lane position
      }
    }
    return all;
  }

  @Test
  void exp_within1point01Ulps() {
    // rounding 1 + expm1(r) to float, expm1(r)'s own error and r's reduction error add up to
    // just over one ulp (1.0044 at x = -6.5684195)
    Worst worst = maxUlps(VectorMath::exp, Math::exp, withEdges(inputs()));
    System.out.println("VectorMath.exp vs Math: " + worst);
    assertTrue(worst.ulps() <= 1.01, "exp: " + worst);
  }

  @Test
  void expm1_within1point6Ulps() {
    Worst worst = maxUlps(VectorMath::expm1, Math::expm1, withEdges(inputs()));
    System.out.println("VectorMath.expm1 vs Math: " + worst);
    assertTrue(worst.ulps() <= 1.6, "expm1: " + worst);
  }

  @Test
  void tanh_within3Ulps() {
    Worst worst = maxUlps(VectorMath::tanh, Math::tanh, withEdges(inputs()));
    System.out.println("VectorMath.tanh vs Math: " + worst);
    assertTrue(worst.ulps() <= 3, "tanh: " + worst);
  }

  @Test
  void log1pOfUnit_within3e12Relative_onZeroToOne() {
    double worst = 0;
    for (int i = 1; i <= 1_000_000; i++) {
      // dense near 0, where log1p(w) ~ w, and across the whole interval
      double w = i <= 500_000 ? Math.scalb(i / 500_000.0, -(i % 60)) : (i - 500_000) / 500_000.0;
      double relative = Math.abs(log1pOfUnit(w) / Math.log1p(w) - 1);
      worst = Math.max(worst, relative);
    }
    System.out.println("VectorMath.log1pOfUnit on [0, 1]: " + worst + " relative");
    assertTrue(worst < 3e-12, "log1pOfUnit: " + worst);
    assertEquals(0.0, log1pOfUnit(0));
    assertEquals(Math.log(2), log1pOfUnit(1), 3e-12);
    assertTrue(Double.isNaN(log1pOfUnit(Double.NaN)));
  }

  private static double log1pOfUnit(double w) {
    return VectorMath.log1pOfUnit(DoubleVector.broadcast(VectorConstants.DOUBLES, w)).lane(0);
  }

  /** mills(a) = ndtr(-a) exp(a^2 / 2), from mpmath at 40 digits. */
  @Test
  void mills_matchesKnownValues() {
    double[][] known = {
      {0, 0.5}, // exactly: ndtr(+-tiny) = 1/2
      {1, 0.26157829186512337168},
      {3, 0.12151394835556216712},
      {10, 0.039506694101386002945},
      {15, 0.026479488999229888496},
      {30, 0.013283349353983794274},
    };
    assertEquals(0.5, mills(0));
    for (double[] k : known) {
      double tolerance = k[0] <= 15 ? 1.2e-10 : 1.2e-7; // the fit's interval ends at 15
      assertEquals(k[1], mills(k[0]), k[1] * tolerance, "mills(" + k[0] + ")");
    }
  }

  @Test
  void mills_within1point2e10Relative_overTheFittedInterval() {
    // SpecialFunctions' double-double ndtr and npdf (tested against BigDecimal references) give
    // mills = ndtr(-a) / (npdf(a) sqrt(2 pi)) to about 1e-15 for a <= 37
    double worst = 0;
    for (int i = 0; i <= 370_000; i++) {
      double a = i * 1e-4;
      double exact =
          SpecialFunctions.normalCdf(-a) / SpecialFunctions.normalPdf(a) / Math.sqrt(2 * Math.PI);
      double relative = Math.abs(mills(a) / exact - 1);
      assertTrue(relative < (a <= 15 ? 1.2e-10 : 2e-7), () -> "mills(" + a + "): " + relative);
      worst = Math.max(worst, a <= 15 ? relative : 0);
    }
    System.out.println("VectorMath.mills on [0, 15]: " + worst + " relative");
    assertTrue(Double.isNaN(mills(Double.NaN)));
  }

  private static double mills(double a) {
    return VectorMath.mills(DoubleVector.broadcast(VectorConstants.DOUBLES, a)).lane(0);
  }

  @Test
  void storeBf16_roundsToNearestEven_atEveryLength() {
    // every length up to three vectors and past, so the bulk loop's tail is covered at each size
    float[] x = withEdges(inputs());
    // ties: the low 16 bits exactly 0x8000, with an even and an odd kept half
    x[0] = Float.intBitsToFloat(0x3F808000);
    x[1] = Float.intBitsToFloat(0x3F818000);
    x[2] = Float.MAX_VALUE; // rounds up to infinity
    x[3] = Float.intBitsToFloat(0x7F7F7FFF); // the largest that rounds down to a finite bf16
    x[4] = Float.intBitsToFloat(0xBF818000); // a negative tie
    x[5] = -Float.MAX_VALUE;
    x[6] = Float.intBitsToFloat(0x7F800001); // NaNs whose payload the rounding carry would
    x[7] = Float.intBitsToFloat(0x7FFFFFFF); // turn into infinity or wrap into the sign bit
    x[8] = Float.intBitsToFloat(0xFFFFFFFF);
    for (int n = 0; n <= 3 * LANES + 1; n++) {
      checkBf16(x, n);
    }
    checkBf16(x, x.length);
  }

  private static void checkBf16(float[] x, int n) {
    float[] src = java.util.Arrays.copyOf(x, n);
    short[] out = new short[n + 2];
    out[n + 1] = 0x1234;
    VectorMath.storeBf16(src, out, 1, n);
    assertEquals(0, out[0], "wrote before off");
    assertEquals(0x1234, out[n + 1], "wrote past n");
    for (int i = 0; i < n; i++) {
      assertEquals(nearestEvenBf16(src[i]), out[i + 1], "bf16 of " + src[i] + " (n = " + n + ")");
    }
  }

  /**
   * The reference: of the two bfloat16 values around f (f's bits truncated, and one bfloat16 ulp
   * further from 0), the nearer in exact double arithmetic, the even one on a tie; NaN is the quiet
   * NaN 0x7FC0.
   */
  private static short nearestEvenBf16(float f) {
    if (Float.isNaN(f)) {
      return 0x7FC0;
    }
    int bits = Float.floatToRawIntBits(f);
    int down = bits & 0xFFFF0000;
    if (Float.isInfinite(f) || (bits & 0xFFFF) == 0) {
      return (short) (down >>> 16);
    }
    int up = down + 0x10000;
    double lo = Math.abs((double) Float.intBitsToFloat(down));
    // one bfloat16 ulp above the largest finite one is 2^128: round-to-nearest's overflow point
    double hi =
        (up & 0x7FFFFFFF) == 0x7F800000 ? 0x1p128 : Math.abs((double) Float.intBitsToFloat(up));
    double a = Math.abs((double) f);
    int pick;
    if (a - lo < hi - a) {
      pick = down;
    } else if (a - lo > hi - a) {
      pick = up;
    } else {
      pick = ((down >>> 16) & 1) == 0 ? down : up;
    }
    return (short) (pick >>> 16);
  }
}
