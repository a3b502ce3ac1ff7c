import dev.rectify.kernel.VectorConstants;
import dev.rectify.kernel.VectorMath;
import dev.rectify.math.MillsRatio;
import dev.rectify.math.SpecialFunctions;
import dev.rectify.math.Ulps;
import dev.rectify.nn.Activation;
import dev.rectify.nn.Activations;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The measurements behind GELU's row in bench/README.md ("SiLU and GELU on Zen 5"), two ways.
 *
 * <p>{@code time VARIANT}: where GELU's double-lane training forward spends its time, by ablation.
 * {@code full} is the generated {@code GELUVectorKernels.forwardFactor} loop copied here (checked
 * bit for bit against the layer's own kernels after timing); the other variants take one part out
 * or change it, and {@code float-lanes} and {@code float-lanes-blocked} run the float-lane design
 * below as kernels (checked bit for bit against its emulation after timing). Each variant is its
 * own straight-line loop, as generated code is: one loop with a switch on the variant inside ran
 * at 5.4 ns/elem, its vectors boxed, so the near-copies are the point. One variant per JVM, as JMH
 * forks: a JVM that compiles several of these loops compiles the later ones worse ("Many
 * activations in one JVM"). Prints the best of 200 calls in ns per element; run it several times,
 * alternating variants, and compare differences, not single figures.
 *
 * <p>{@code accuracy DESIGN LO HI STRIDE}: what GELU would lose in float lanes. Each design is
 * emulated one float at a time with the operations and roundings the lanes would do ({@code
 * Math.fma} on floats is the lanes' fma, and exp is {@code VectorMath.exp} itself, on one lane),
 * and checked against the double-precision references over every {@code STRIDE}-th float of [LO,
 * HI], with AccuracyTest's rules: forward within 4 ulps, backward factor within 8, an absolute
 * 2^-23 within 1/16 of the factor's zero crossing, results below 2^-110 within an absolute 2^-136.
 *
 * <ul>
 *   <li>{@code float-mills}: everything in float, the Mills ratio's rational function (MillsRatio's
 *       coefficients rounded to float) by Horner's rule;
 *   <li>{@code double-mills}: the Mills ratio in double, rounded once to float, the rest in float.
 * </ul>
 *
 * <p>Both: a = min(|x|, 40); G = exp(-a^2 / 2) from a^2 held in two floats (the rounded square and
 * its fma remainder); ndtr(x) = x &lt; 0 ? G m : 1 - G m; the factor ndtr(x) + x npdf(x) = x &lt; 0
 * ? G D : 1 - G D with D = m - a / sqrt(2 pi), which cancels at a0 = 0.75179 and is taken there,
 * for |a - a0| &lt; 1/4, as d E(d), d = a - a0 and E a degree-6 polynomial fitted to D / d
 * (relative error 5e-9).
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * CP=runtime/target/classes:activations/target/classes
 * for v in full clamped no-exp no-mills skeleton inline-exp float-lanes float-lanes-blocked; do
 *   java --add-modules jdk.incubator.vector -cp $CP bench/profiles/GeluProfile.java time $v
 * done
 * java --add-modules jdk.incubator.vector -cp $CP bench/profiles/GeluProfile.java \
 *     accuracy float-mills -14 0 3
 * java --add-modules jdk.incubator.vector -cp $CP bench/profiles/GeluProfile.java \
 *     accuracy double-mills -14 14 3
 * </pre>
 *
 * <p>Not part of the build: a record of the measurements.
 */
public class GeluProfile {
  static final double INPUT_LIMIT = 0x1p128;
  static final VectorSpecies<Double> D = VectorConstants.DOUBLES;

  public static void main(String[] args) {
    if (args[0].equals("accuracy")) {
      accuracy(args);
    } else {
      time(args[1], args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20);
    }
  }

  static void time(String variant, int n) {
    float[] x = new float[n];
    float[] y = new float[n];
    float[] factor = new float[n];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextGaussian() * 3);
    }
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 1200; k++) {
      long t = System.nanoTime();
      run(variant, x, y, factor, n);
      if (k >= 1000) { // the first 1000 calls warm C2 up
        best = Math.min(best, System.nanoTime() - t);
      }
    }
    System.out.printf("%-18s %.3f ns/elem%n", variant, best / (double) n);
    // after the timing: the layer's kernels compiled first made one JVM's copy 10x slower
    if (variant.equals("full")) {
      checkAgainstGenerated(x, y, factor);
    } else if (variant.startsWith("float-lanes")) {
      checkAgainstEmulation(x, y, factor, n);
    }
  }

  /** The float-lane kernels must compute what the accuracy mode measured. */
  static void checkAgainstEmulation(float[] x, float[] y, float[] factor, int n) {
    for (int i = 0; i < n; i++) {
      float[] r = eval(x[i], false);
      if (Float.compare(r[0], y[i]) != 0 || Float.compare(r[1], factor[i]) != 0) {
        throw new AssertionError(
            "the float-lane kernel differs from its emulation at x = " + x[i]);
      }
    }
  }

  static void run(String variant, float[] x, float[] y, float[] factor, int n) {
    switch (variant) {
      case "full" -> full(x, y, factor, n);
      case "no-exp" -> noExp(x, y, factor, n);
      case "no-mills" -> noMills(x, y, factor, n);
      case "clamped" -> clamped(x, y, factor, n);
      case "skeleton" -> skeleton(x, y, factor, n);
      case "inline-exp" -> inlineExp(x, y, factor, n);
      case "float-lanes" -> floatLanes(x, y, factor, n);
      case "float-lanes-blocked" -> floatLanesBlocked(x, y, factor, n);
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    }
  }

  /** The copy must compute what the generated kernels do, or its ablations say nothing. */
  static void checkAgainstGenerated(float[] x, float[] y, float[] factor) {
    int n = 4096;
    float[] ys = new float[n];
    float[] gs = new float[n];
    Activation gelu = Activations.unary("gelu");
    gelu.apply(x, 0, ys, 0, n);
    gelu.gradient(x, 0, gs, 0, n);
    full(x, y, factor, n);
    if (!Arrays.equals(ys, 0, n, y, 0, n) || !Arrays.equals(gs, 0, n, factor, 0, n)) {
      throw new AssertionError("the copy differs from the generated GELU kernels: regenerate it");
    }
  }

  /** GELUVectorKernels.forwardFactor's main loop as generated. */
  static void full(float[] x, float[] y, float[] factor, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    for (int i = 0, bound = s.loopBound(n); i < bound; i += s.length()) {
      DoubleVector xv = VectorMath.widen(x, i);
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector t2 = t1.mul(t1).mul(0.5).neg().lanewise(VectorOperators.EXP);
      DoubleVector t3 = VectorMath.mills(t1);
      DoubleVector t4 = t2.mul(t3);
      DoubleVector t5 = t2.mul(t3.sub(t1.mul(0.3989422804014327)));
      VectorMath.narrow(DoubleVector.broadcast(D, 1.0).sub(t5).blend(t5, xv.compare(VectorOperators.LT, 0.0))).intoArray(factor, i);
      VectorMath.narrow(xv.mul(DoubleVector.broadcast(D, 1.0).sub(t4)).blend(t1.mul(t4).neg(), xv.compare(VectorOperators.LT, 0.0))).intoArray(y, i);
    }
  }

  /** exp's argument in place of exp. */
  static void noExp(float[] x, float[] y, float[] factor, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    for (int i = 0, bound = s.loopBound(n); i < bound; i += s.length()) {
      DoubleVector xv = VectorMath.widen(x, i);
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector t2 = t1.mul(t1).mul(0.5).neg();
      DoubleVector t3 = VectorMath.mills(t1);
      DoubleVector t4 = t2.mul(t3);
      DoubleVector t5 = t2.mul(t3.sub(t1.mul(0.3989422804014327)));
      VectorMath.narrow(DoubleVector.broadcast(D, 1.0).sub(t5).blend(t5, xv.compare(VectorOperators.LT, 0.0))).intoArray(factor, i);
      VectorMath.narrow(xv.mul(DoubleVector.broadcast(D, 1.0).sub(t4)).blend(t1.mul(t4).neg(), xv.compare(VectorOperators.LT, 0.0))).intoArray(y, i);
    }
  }

  /** |x| + 0.5 in place of the Mills ratio (a rational function: 11 fmas and a division). */
  static void noMills(float[] x, float[] y, float[] factor, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    for (int i = 0, bound = s.loopBound(n); i < bound; i += s.length()) {
      DoubleVector xv = VectorMath.widen(x, i);
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector t2 = t1.mul(t1).mul(0.5).neg().lanewise(VectorOperators.EXP);
      DoubleVector t3 = t1.add(0.5);
      DoubleVector t4 = t2.mul(t3);
      DoubleVector t5 = t2.mul(t3.sub(t1.mul(0.3989422804014327)));
      VectorMath.narrow(DoubleVector.broadcast(D, 1.0).sub(t5).blend(t5, xv.compare(VectorOperators.LT, 0.0))).intoArray(factor, i);
      VectorMath.narrow(xv.mul(DoubleVector.broadcast(D, 1.0).sub(t4)).blend(t1.mul(t4).neg(), xv.compare(VectorOperators.LT, 0.0))).intoArray(y, i);
    }
  }

  /** Neither exp nor the Mills ratio: loads, the clamp to 40, selects, products, narrowing, stores. */
  static void skeleton(float[] x, float[] y, float[] factor, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    for (int i = 0, bound = s.loopBound(n); i < bound; i += s.length()) {
      DoubleVector xv = VectorMath.widen(x, i);
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector t2 = t1.mul(t1).mul(0.5).neg();
      DoubleVector t3 = t1.add(0.5);
      DoubleVector t4 = t2.mul(t3);
      DoubleVector t5 = t2.mul(t3.sub(t1.mul(0.3989422804014327)));
      VectorMath.narrow(DoubleVector.broadcast(D, 1.0).sub(t5).blend(t5, xv.compare(VectorOperators.LT, 0.0))).intoArray(factor, i);
      VectorMath.narrow(xv.mul(DoubleVector.broadcast(D, 1.0).sub(t4)).blend(t1.mul(t4).neg(), xv.compare(VectorOperators.LT, 0.0))).intoArray(y, i);
    }
  }

  /**
   * The loop as generated before {@code Lowering.normalForms}: x clamped to +-2^128 on both sides
   * (two compares and two blends), the derivative as the written sum ndtr(x) + x npdf(x).
   */
  static void clamped(float[] x, float[] y, float[] factor, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    for (int i = 0, bound = s.loopBound(n); i < bound; i += s.length()) {
      DoubleVector xv = VectorMath.widen(x, i);
      xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT, xv.compare(VectorOperators.GT, INPUT_LIMIT));
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector t2 = t1.mul(t1).mul(0.5).neg().lanewise(VectorOperators.EXP);
      DoubleVector t3 = t2.mul(VectorMath.mills(t1));
      DoubleVector t4 = DoubleVector.broadcast(D, 1.0).sub(t3).blend(t3, xv.compare(VectorOperators.LT, 0.0));
      VectorMath.narrow(t4.add(xv.mul(t2.mul(0.3989422804014327)))).intoArray(factor, i);
      VectorMath.narrow(xv.mul(t4)).intoArray(y, i);
    }
  }

  static final double LOG2_E = 1.4426950408889634;
  static final double LN2 = 0.6931471805599453;
  static final double ROUNDER = 0x1.8p52;
  static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);

  /**
   * The JIT's vector exp (a library call) replaced by one written into the loop from IEEE
   * arithmetic (Taylor to degree 10 on |r| &lt;= ln 2 / 2, within 1e-11): is the call the cost?
   * The Mills ratio comes first, so that C2's node budget still inlines it (see VectorMath).
   */
  static void inlineExp(float[] x, float[] y, float[] factor, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    for (int i = 0, bound = s.loopBound(n); i < bound; i += s.length()) {
      DoubleVector xv = VectorMath.widen(x, i);
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector mills = VectorMath.mills(t1);
      DoubleVector arg = t1.mul(t1).mul(-0.5);
      DoubleVector shifted = arg.fma(LOG2_E, ROUNDER);
      DoubleVector k = shifted.sub(ROUNDER);
      DoubleVector r = k.fma(arg.broadcast(-LN2), arg);
      DoubleVector p = r.fma(1.0 / 3628800, 1.0 / 362880);
      p = p.fma(r, r.broadcast(1.0 / 40320));
      p = p.fma(r, r.broadcast(1.0 / 5040));
      p = p.fma(r, r.broadcast(1.0 / 720));
      p = p.fma(r, r.broadcast(1.0 / 120));
      p = p.fma(r, r.broadcast(1.0 / 24));
      p = p.fma(r, r.broadcast(1.0 / 6));
      p = p.fma(r, r.broadcast(0.5));
      p = p.fma(r, r.broadcast(1.0));
      p = p.fma(r, r.broadcast(1.0));
      // arg >= -800: 2^k as two powers of two, each a normal double
      LongVector ki = shifted.reinterpretAsLongs().sub(ROUNDER_BITS);
      LongVector half = ki.lanewise(VectorOperators.ASHR, 1);
      DoubleVector s1 = half.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector s2 = ki.sub(half).add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector t2 = p.mul(s1).mul(s2);
      DoubleVector t4 = t2.mul(mills);
      DoubleVector t5 = t2.mul(mills.sub(t1.mul(0.3989422804014327)));
      VectorMath.narrow(DoubleVector.broadcast(D, 1.0).sub(t5).blend(t5, xv.compare(VectorOperators.LT, 0.0))).intoArray(factor, i);
      VectorMath.narrow(xv.mul(DoubleVector.broadcast(D, 1.0).sub(t4)).blend(t1.mul(t4).neg(), xv.compare(VectorOperators.LT, 0.0))).intoArray(y, i);
    }
  }

  // ---- the float-lane design (accuracy's "double-mills"), as kernels ----

  static final VectorSpecies<Float> WIDE = VectorConstants.WIDE_FLOATS;
  static final VectorSpecies<Float> HALF = VectorConstants.HALF_FLOATS;
  static final VectorShuffle<Float> UPPER_HALF =
      VectorShuffle.fromOp(WIDE, i -> (i + WIDE.length() / 2) % WIDE.length());

  /**
   * mills(a) for sixteen float lanes in two vectors of eight doubles: the halves swapped by a
   * shuffle and reinterpreted as 256-bit vectors, as JDK 17's C2 does not intrinsify
   * convertShape with a part other than 0 here.
   */
  static FloatVector millsInDouble(FloatVector a) {
    DoubleVector lo = (DoubleVector) a.reinterpretShape(HALF, 0).convertShape(VectorOperators.F2D, D, 0);
    DoubleVector hi = (DoubleVector) a.rearrange(UPPER_HALF).reinterpretShape(HALF, 0).convertShape(VectorOperators.F2D, D, 0);
    FloatVector mLo = (FloatVector) VectorMath.mills(lo).convertShape(VectorOperators.D2F, HALF, 0).reinterpretShape(WIDE, 0);
    FloatVector mHi = (FloatVector) VectorMath.mills(hi).convertShape(VectorOperators.D2F, HALF, 0).reinterpretShape(WIDE, 0).rearrange(UPPER_HALF);
    return mLo.add(mHi);
  }

  /** The rest of the float-lane kernel, given the Mills ratio m of t1 = min(|x|, 40). */
  static void floatLaneRest(FloatVector xv, FloatVector t1, FloatVector m, float[] y, float[] factor, int i) {
    FloatVector square = t1.mul(t1);
    FloatVector gaussHi = VectorMath.exp(square.mul(0.5f).neg());
    FloatVector gauss = gaussHi.fma(t1.fma(t1, square.neg()).mul(-0.5f), gaussHi);
    FloatVector tail = gauss.mul(m);
    FloatVector ndtr = tail.neg().add(1f).blend(tail, xv.compare(VectorOperators.LT, 0f));
    FloatVector d = t1.sub(A0_HI).sub(A0_LO);
    FloatVector e =
        d.fma(E[6], E[5])
            .fma(d, d.broadcast(E[4]))
            .fma(d, d.broadcast(E[3]))
            .fma(d, d.broadcast(E[2]))
            .fma(d, d.broadcast(E[1]))
            .fma(d, d.broadcast(E[0]));
    FloatVector far = t1.neg().fma(m.broadcast(C), m).sub(t1.mul(C_LO));
    FloatVector gap = far.blend(d.mul(e), d.abs().compare(VectorOperators.LT, 0.25f));
    FloatVector gd = gauss.mul(gap);
    gd.neg().add(1f).blend(gd, xv.compare(VectorOperators.LT, 0f)).intoArray(factor, i);
    xv.mul(ndtr).intoArray(y, i);
  }

  /** Sixteen float lanes, the Mills ratio in double lanes within the loop. */
  static void floatLanes(float[] x, float[] y, float[] factor, int n) {
    for (int i = 0, bound = WIDE.loopBound(n); i < bound; i += WIDE.length()) {
      FloatVector xv = FloatVector.fromArray(WIDE, x, i);
      xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE));
      FloatVector t0 = xv.abs();
      FloatVector t1 = t0.blend(40f, t0.compare(VectorOperators.GT, 40f));
      floatLaneRest(xv, t1, millsInDouble(t1), y, factor, i);
    }
  }

  static final int BLOCK = 512;

  /** mills(min(|x|, 40)) in double lanes for a block, rounded to float: a plain call. */
  static void millsOfBlock(float[] x, int off, float[] out, int n) {
    for (int i = 0; i < n; i += HALF.length()) {
      DoubleVector a = VectorMath.widen(x, off + i).abs();
      a = a.blend(40.0, a.compare(VectorOperators.GT, 40.0));
      VectorMath.narrow(VectorMath.mills(a)).intoArray(out, i);
    }
  }

  /** Sixteen float lanes, the Mills ratio of each block of 512 computed first in double lanes. */
  static void floatLanesBlocked(float[] x, float[] y, float[] factor, int n) {
    float[] m = new float[BLOCK];
    for (int b = 0; b + BLOCK <= n; b += BLOCK) {
      millsOfBlock(x, b, m, BLOCK);
      for (int j = 0; j < BLOCK; j += WIDE.length()) {
        FloatVector xv = FloatVector.fromArray(WIDE, x, b + j);
        xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE));
        FloatVector t0 = xv.abs();
        FloatVector t1 = t0.blend(40f, t0.compare(VectorOperators.GT, 40f));
        floatLaneRest(xv, t1, FloatVector.fromArray(WIDE, m, j), y, factor, b + j);
      }
    }
  }

  // ---- accuracy: the float-lane designs, one float at a time ----

  static void accuracy(String[] args) {
    boolean floatMills = args[1].equals("float-mills");
    float lo = Float.parseFloat(args[2]);
    float hi = Float.parseFloat(args[3]);
    int stride = Integer.parseInt(args[4]);
    double worstForward = 0;
    double worstFactor = 0;
    float atForward = 0;
    float atFactor = 0;
    for (float x = lo; x <= hi; ) {
      float[] r = eval(x, floatMills);
      double ry = SpecialFunctions.gelu((double) x);
      double rg = SpecialFunctions.normalCdf((double) x) + x * SpecialFunctions.normalPdf((double) x);
      double uy = tiny(r[0], ry) ? 0 : Ulps.ulpError(r[0], ry);
      double ug = tiny(r[1], rg) ? 0 : Ulps.ulpError(r[1], rg);
      if (Math.abs(x + 0.7517915246935645) <= 1.0 / 16 && Math.abs(r[1] - rg) <= 0x1p-23) {
        ug = 0;
      }
      if (uy > worstForward) {
        worstForward = uy;
        atForward = x;
      }
      if (ug > worstFactor) {
        worstFactor = ug;
        atFactor = x;
      }
      for (int k = 0; k < stride && x <= hi; k++) {
        x = Math.nextUp(x);
      }
    }
    System.out.printf(
        "%s over [%s, %s]: forward %.2f ulps at x = %s, factor %.2f ulps at x = %s%n",
        args[1], lo, hi, worstForward, atForward, worstFactor, atFactor);
  }

  static final float C = (float) (1 / Math.sqrt(2 * Math.PI));
  static final float C_LO = (float) (1 / Math.sqrt(2 * Math.PI) - C);

  /** a0 = 0.7517915246634922..., the root of MillsRatio's P(a) - a Q(a) / sqrt(2 pi), in two floats. */
  static final float A0_HI = 0x1.80ead2p-1f;

  static final float A0_LO = -0x1.a14858p-27f;

  /** D(a0 + d) / d on |d| &lt;= 1/4, least squares on Chebyshev nodes against mpmath. */
  static final float[] E = {
    -0.5724061727523804f, 0.08475637435913086f, -0.03658159077167511f, 0.014313085936009884f,
    -0.005163977388292551f, 0.0017567690229043365f, -0.0005562090082094073f
  };

  static boolean tiny(double actual, double ref) {
    return Math.abs(ref) < 0x1p-110 && Math.abs(actual - ref) <= 0x1p-136;
  }

  static float[] eval(float x, boolean floatMills) {
    float xc = Math.max(x, -Float.MAX_VALUE);
    float a = Math.min(Math.abs(xc), 40f);
    float m = floatMills ? floatMills(a) : (float) MillsRatio.mills(a);
    float square = a * a;
    float gaussHi = VectorMath.exp(FloatVector.broadcast(WIDE, -0.5f * square)).lane(0);
    float gauss = Math.fma(gaussHi, -0.5f * Math.fma(a, a, -square), gaussHi);
    float tail = gauss * m;
    float y = xc * (xc < 0 ? tail : 1 - tail);
    float d = (a - A0_HI) - A0_LO;
    float e = Math.fma(d, E[6], E[5]);
    for (int i = 4; i >= 0; i--) {
      e = Math.fma(e, d, E[i]);
    }
    float gap = Math.abs(d) < 0.25f ? d * e : Math.fma(-a, C, m) - a * C_LO;
    float gd = gauss * gap;
    return new float[] {y, xc < 0 ? gd : 1 - gd};
  }

  static float floatMills(float a) {
    double[] p = MillsRatio.numerator();
    double[] q = MillsRatio.denominator();
    float pv = Math.fma(a, (float) p[5], (float) p[4]);
    for (int i = 3; i >= 0; i--) {
      pv = Math.fma(pv, a, (float) p[i]);
    }
    float qv = Math.fma(a, (float) q[6], (float) q[5]);
    for (int i = 4; i >= 0; i--) {
      qv = Math.fma(qv, a, (float) q[i]);
    }
    return pv / qv;
  }
}
