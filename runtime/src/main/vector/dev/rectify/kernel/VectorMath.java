package dev.rectify.kernel;

import static dev.rectify.kernel.VectorConstants.DOUBLES;
import static dev.rectify.kernel.VectorConstants.FLOATS;
import static dev.rectify.kernel.VectorConstants.HALF_FLOATS;
import static dev.rectify.kernel.VectorConstants.INTS;
import static dev.rectify.kernel.VectorConstants.INT_LANE_BITS;
import static dev.rectify.kernel.VectorConstants.LONGS;
import static dev.rectify.kernel.VectorConstants.LONG_LANE_BITS;
import static dev.rectify.kernel.VectorConstants.WIDE_FLOATS;
import static dev.rectify.kernel.VectorConstants.WIDE_INTS;

import dev.rectify.math.MillsRatio;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What generated vector kernels call besides the Vector API itself: loads that widen floats into
 * double lanes and the narrowing back, the special functions of the formula language that have no
 * lanewise operator (in the same stable forms as {@link dev.rectify.math.SpecialFunctions}), mask
 * bits, and the loops that need no formula: the mask and bfloat16-factor backwards and the bfloat16
 * rounding of a block of factors.
 *
 * <p>NOTE: this class and the generated kernels are loaded only when {@code jdk.incubator.vector}
 * is in the boot layer (see {@link KernelProvider}). The methods that take or return vectors are
 * small so that C2 inlines them into the calling loop, which the Vector API needs to keep vectors
 * in registers; but C2 stops inlining ordinary methods once a compilation has grown past its node
 * budget (-XX:+PrintInlining: "NodeCountInliningCutoff"), and a helper refused there boxes its
 * vectors on every call. Work that comes after a long expression therefore takes arrays (the loops
 * above), which cost a plain call where they are not inlined.
 */
public final class VectorMath {
  private VectorMath() {}

  // ---- float <-> double lanes ----

  /** {@code HALF_FLOATS.length()} floats from {@code a[off]}, widened (exactly) to doubles. */
  public static DoubleVector widen(float[] a, int off) {
    return (DoubleVector)
        FloatVector.fromArray(HALF_FLOATS, a, off).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /** As {@link #widen(float[], int)}, reading only the lanes set in {@code m} (the others 0). */
  public static DoubleVector widen(float[] a, int off, VectorMask<Float> m) {
    return (DoubleVector)
        FloatVector.fromArray(HALF_FLOATS, a, off, m).convertShape(VectorOperators.F2D, DOUBLES, 0);
  }

  /** Each lane rounded once to float: the same rounding as the scalar loops' {@code (float)}. */
  public static FloatVector narrow(DoubleVector v) {
    return (FloatVector) v.convertShape(VectorOperators.D2F, HALF_FLOATS, 0);
  }

  // ---- special functions, in double and float lanes ----

  /**
   * {@code exp(x)} in float lanes from IEEE arithmetic alone, within 1.01 ulps. The Vector API's
   * own {@code lanewise(EXP)} is faster by a little but not deterministic: compiled code calls the
   * JIT's vector library, interpreted and C1 code falls back to Math.exp per lane, and the two
   * differ in the last bit, so a run that starts cold would not repeat one that started warm
   * (resumed checkpoints, seeded runs). Adds, multiplies, fmas and conversions give the same bits
   * in every tier.
   *
   * <p>exp(x) = 2^k exp(r) with k = rint(x / ln 2) and r = x - k ln 2 (ln 2 in two parts, so r is
   * exact to 2^-33), |r| &lt;= 0.347, where the Taylor polynomial of degree 7 is within 5e-9
   * relative. 2^k is applied as two powers of two, 2^(k/2) exactly and then 2^(k - k/2), so
   * subnormal results are rounded once and k = 128 needs no special case. Inputs are clamped to
   * [-104, 89], beyond which exp underflows to 0 or overflows to inf anyway; NaN stays NaN.
   */
  public static FloatVector exp(FloatVector x) {
    FloatVector xc = clamp(x, -104f, 89f);
    // rint by the 1.5 * 2^23 trick: the fma rounds x / ln 2 to an integer once, ties to even,
    // and leaves that integer in the low mantissa bits of the sum
    FloatVector shifted = xc.fma(LOG2_E, ROUNDER);
    FloatVector k = shifted.sub(ROUNDER);
    FloatVector r = k.fma(xc.broadcast(-LN2_HI), xc).add(k.mul(-LN2_LO));
    // exp(r) = 1 + expm1(r): the small part first, then one rounding against 1
    FloatVector p = expm1Reduced(r).add(1f);
    IntVector ki = shifted.reinterpretAsInts().sub(ROUNDER_BITS);
    return scaleByPowerOfTwo(p, ki);
  }

  /**
   * {@code expm1(x)} in float lanes from IEEE arithmetic alone (so the same bits in every JIT tier,
   * see {@link #exp(FloatVector)}), within 1.6 ulps. With k and r as in exp, expm1(r) = r + r^2
   * q(r) is accurate near 0 where exp(r) - 1 would cancel, and 2^k (1 + expm1(r)) - 1 is taken as
   * one fma of 2^k, expm1(r) and 2^k - 1, which is exact for |k| &lt;= 24. Beyond k = 24 the -1 is
   * below half an ulp and the result is exp's, with exp's two-step scaling so that k = 128 does not
   * overflow 2^k. Inputs below -25 give -1, as in float; +-0 gives +-0; NaN gives NaN.
   */
  public static FloatVector expm1(FloatVector x) {
    FloatVector xc = clamp(x, -25f, 89f);
    FloatVector shifted = xc.fma(LOG2_E, ROUNDER);
    FloatVector k = shifted.sub(ROUNDER);
    FloatVector r = k.fma(xc.broadcast(-LN2_HI), xc).add(k.mul(-LN2_LO));
    FloatVector em1 = expm1Reduced(r);
    IntVector ki = shifted.reinterpretAsInts().sub(ROUNDER_BITS);
    FloatVector scale =
        ki.min(24).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector near = scale.fma(em1, scale.sub(1f));
    FloatVector far = scaleByPowerOfTwo(em1.add(1f), ki);
    // r = x exactly when k = 0, but r^2 q + r turns -0 into +0
    return near.blend(far, k.compare(VectorOperators.GT, 24f))
        .blend(x, x.compare(VectorOperators.EQ, 0f));
  }

  /**
   * {@code tanh(x)} in float lanes, as {@link #tanh(DoubleVector)} but over {@link
   * #expm1(FloatVector)}: within 3 ulps, the same bits in every JIT tier. -2|x| is exact, and expm1
   * of it lies in [-1, 0], so nothing overflows; tanh(+-0) = +-0; NaN gives NaN.
   */
  public static FloatVector tanh(FloatVector x) {
    FloatVector t = expm1(x.abs().mul(-2f));
    FloatVector magnitude = t.neg().div(t.add(2f));
    return magnitude
        .reinterpretAsInts()
        .or(x.reinterpretAsInts().and(Integer.MIN_VALUE))
        .reinterpretAsFloats();
  }

  /**
   * u0 = -1.27846454276107379511..., 1 + u0 + e^u0 = 0, in two floats: the root of SiLU's
   * derivative, about which the generated float-lane kernels take its numerator ({@code
   * Lowering.spelledOutSwishGain}).
   */
  public static final float SWISH_ROOT_HI = -0x1.474974p+0f;

  /** u0 - SWISH_ROOT_HI. */
  public static final float SWISH_ROOT_LO = 0x1.bdf6fap-27f;

  /** e^u0 = -(1 + u0), rounded to float. */
  public static final float SWISH_ROOT_EXP = 0x1.1d25dp-2f;

  /**
   * x limited to [lo, hi] by compare and blend, NaN kept: two instructions a side, where lanewise
   * MAX and MIN, which must also order -0 below +0 and keep NaN as Math.max does, compile to five.
   */
  private static FloatVector clamp(FloatVector x, float lo, float hi) {
    return x.blend(lo, x.compare(VectorOperators.LT, lo))
        .blend(hi, x.compare(VectorOperators.GT, hi));
  }

  /**
   * expm1(r) for |r| &lt;= 0.347 as r + r^2 q(r), q the Taylor polynomial of degree 5 of (exp(r) -
   * 1 - r) / r^2: within 5e-9 relative.
   */
  private static FloatVector expm1Reduced(FloatVector r) {
    FloatVector q = r.fma(1f / 5040, 1f / 720);
    q = q.fma(r, r.broadcast(1f / 120));
    q = q.fma(r, r.broadcast(1f / 24));
    q = q.fma(r, r.broadcast(1f / 6));
    q = q.fma(r, r.broadcast(0.5f));
    return r.mul(r).fma(q, r);
  }

  /**
   * p 2^k for k in [-150, 128], as two exact powers of two, 2^(k/2) and then 2^(k - k/2): a
   * subnormal result is rounded once, and k = 128 needs no special case.
   */
  private static FloatVector scaleByPowerOfTwo(FloatVector p, IntVector k) {
    IntVector half = k.lanewise(VectorOperators.ASHR, 1);
    FloatVector scale1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    FloatVector scale2 =
        k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return p.mul(scale1).mul(scale2);
  }

  private static final float LOG2_E = 1.44269504088896341f;
  private static final float ROUNDER = 0x1.8p23f;
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

  /**
   * ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 trailing zero bits, so k * LN2_HI is exact for |k| &lt;
   * 2^9.
   */
  private static final float LN2_HI = 0x1.62e4p-1f;

  private static final float LN2_LO = (float) (0.6931471805599453 - 0x1.62e4p-1);

  /**
   * {@code erfc(x)} in double lanes, within 2e-12 relative of the exact value wherever it is above
   * 1e-62 (|x| &lt;= 12), which is far below a float ulp. Double lanes only: its callers' arguments
   * (GELU's -x / sqrt(2)) are rounded, and erfc magnifies that by 2 x^2.
   *
   * <p>For z = |x|, erfc(z) = t exp(-z^2 + P(t)) with t = 1 / (1 + z / 2) in (0, 1] and P a
   * degree-16 polynomial fitted to log(erfc(z) exp(z^2) / t) on Chebyshev nodes of z in [0, 12]
   * (numpy's chebfit against mpmath's erfc at 50 digits); the form is that of Numerical Recipes'
   * erfcc, whose degree 9 gives 1.2e-7. P is evaluated in s = a t + b, the fit's interval mapped to
   * [-1, 1], where its coefficients stay below 0.6. Beyond z = 12 (s down to -4/3 at z = inf) P
   * grows slowly while exp(-z^2) underflows: erfc(inf) = 0. Negative x: 2 - erfc(|x|), in [1, 2],
   * without cancellation. NaN gives NaN.
   */
  public static DoubleVector erfc(DoubleVector x) {
    DoubleVector z = x.abs();
    DoubleVector t = DoubleVector.broadcast(DOUBLES, 1.0).div(z.fma(0.5, 1.0));
    DoubleVector s = t.fma(ERFC_A, ERFC_B);
    DoubleVector p = DoubleVector.broadcast(DOUBLES, ERFC_P[ERFC_P.length - 1]);
    for (int i = ERFC_P.length - 2; i >= 0; i--) {
      p = p.fma(s, DoubleVector.broadcast(DOUBLES, ERFC_P[i]));
    }
    DoubleVector r = t.mul(z.mul(z).neg().add(p).lanewise(VectorOperators.EXP));
    return r.blend(r.neg().add(2.0), x.compare(VectorOperators.LT, 0.0));
  }

  /**
   * erfc's polynomial variable s = ERFC_A t + ERFC_B maps t in [1/7, 1] (z in [0, 12]) to [-1, 1].
   */
  private static final double ERFC_A = 7.0 / 3;

  private static final double ERFC_B = -4.0 / 3;

  /** P(s) = sum ERFC_P[i] s^i; see {@link #erfc(DoubleVector)}. */
  private static final double[] ERFC_P = {
    -0.5748763016160818,
    0.5856021047015707,
    0.019323643344056805,
    -0.03190741911199816,
    -0.0017648080542055702,
    0.004319783187806035,
    -0.0002053639539229683,
    -0.0007041185181985547,
    0.0001650343480150363,
    9.932662009133637e-05,
    -5.507730809771788e-05,
    -6.671800536791002e-06,
    1.2652997571838679e-05,
    -1.3464974250939292e-06,
    -1.9484919038879917e-06,
    3.558861685407715e-07,
    1.5426868809276956e-07
  };

  /**
   * {@link MillsRatio#mills} in double lanes, the same coefficients by the same Horner steps:
   * within 1.1e-10 relative of {@code ndtr(-a) exp(a^2 / 2)} for a in [0, 40]. NaN gives NaN.
   */
  public static DoubleVector mills(DoubleVector a) {
    DoubleVector p = a.fma(MILLS_P[5], MILLS_P[4]);
    for (int i = 3; i >= 0; i--) {
      p = p.fma(a, DoubleVector.broadcast(DOUBLES, MILLS_P[i]));
    }
    DoubleVector q = a.fma(MILLS_Q[6], MILLS_Q[5]);
    for (int i = 4; i >= 0; i--) {
      q = q.fma(a, DoubleVector.broadcast(DOUBLES, MILLS_Q[i]));
    }
    return p.div(q);
  }

  /**
   * {@code log1p(w)} for w in [0, 1], in double lanes: softplus's {@code log1p(exp(-|u|))}, within
   * 3e-12 relative, far below a float ulp, where the Vector API's lanewise LOG1P, exact to the
   * double ulp for any argument, took about 4 ns per element of Softplus's 6.7. As 2 atanh(z) with
   * z = w / (2 + w) in [0, 1/3]: 2z + 2z s Q(s), s = z^2 &lt;= 1/9, Q of degree 5 fitted to
   * (atanh(z) / z - 1) / s by least squares on 2000 Chebyshev nodes (numpy, against mpmath at 40
   * digits). All terms are positive: nothing cancels. log1p(0) = 0, log1p(1) = ln 2 to 3e-12; NaN
   * gives NaN. Only for w in [0, 1]: Q is fitted there and nowhere else.
   */
  public static DoubleVector log1pOfUnit(DoubleVector w) {
    DoubleVector z = w.div(w.add(2.0));
    DoubleVector s = z.mul(z);
    DoubleVector q = s.fma(LOG1P_Q[5], LOG1P_Q[4]);
    for (int i = 3; i >= 0; i--) {
      q = q.fma(s, DoubleVector.broadcast(DOUBLES, LOG1P_Q[i]));
    }
    DoubleVector twoZ = z.add(z);
    return twoZ.mul(s).fma(q, twoZ);
  }

  /** Q(s) = sum LOG1P_Q[i] s^i; see {@link #log1pOfUnit}. Taylor's would be 1/3, 1/5, 1/7... */
  private static final double[] LOG1P_Q = {
    0.3333333318211965,
    0.20000026169078372,
    0.14284211899097798,
    0.11150497884824949,
    0.08576005662113118,
    0.10889821457805
  };

  /** mills(a) = P(a) / Q(a) with P(a) = sum MILLS_P[i] a^i and Q(a) = sum MILLS_Q[i] a^i. */
  private static final double[] MILLS_P = MillsRatio.numerator();

  private static final double[] MILLS_Q = MillsRatio.denominator();

  /**
   * {@code tanh(x)} in double lanes as {@code sign(x) * -expm1(-2|x|) / (2 + expm1(-2|x|))}: JDK 17
   * has a vector intrinsic for double expm1 but not for double tanh, whose lanewise form falls back
   * to a scalar loop ten times slower. expm1 keeps tanh's relative accuracy near 0 and never
   * overflows; the sign is copied bitwise so tanh(-0) = -0. NaN gives NaN.
   */
  public static DoubleVector tanh(DoubleVector x) {
    DoubleVector t = x.abs().mul(-2.0).lanewise(VectorOperators.EXPM1);
    DoubleVector magnitude = t.neg().div(t.add(2.0));
    return magnitude
        .reinterpretAsLongs()
        .or(x.reinterpretAsLongs().and(Long.MIN_VALUE))
        .reinterpretAsDoubles();
  }

  /** {@link Math#signum(double)}: +-1, and x itself for +-0 and NaN. */
  public static DoubleVector signum(DoubleVector x) {
    return x.blend(1.0, x.compare(VectorOperators.GT, 0.0))
        .blend(-1.0, x.compare(VectorOperators.LT, 0.0));
  }

  /** {@link Math#signum(float)}. */
  public static FloatVector signum(FloatVector x) {
    return x.blend(1f, x.compare(VectorOperators.GT, 0f))
        .blend(-1f, x.compare(VectorOperators.LT, 0f));
  }

  // ---- masks ----

  /** Bit k set where lane k of {@code m} is set: a blend and an OR reduction, no boxing. */
  public static long bits(VectorMask<Float> m) {
    if (m.length() == FLOATS.length()) {
      return IntVector.zero(INTS).blend(INT_LANE_BITS, m.cast(INTS)).reduceLanes(VectorOperators.OR)
          & 0xFFFFFFFFL;
    }
    // HALF_FLOATS lanes of another count (four on AVX2): as many as the double lanes, whose bits a
    // long vector holds
    return bitsOfDoubles(m.cast(DOUBLES));
  }

  /*
   * A forward kernel that keeps a mask fills one 64-bit word per 64 elements. bits(m) per vector
   * costs a blend and a log2(lanes)-step OR reduction across lanes; instead a word's vectors are
   * gathered lane-wise, with no cross-lane step until the word is complete:
   *
   *   IntVector rows = noMaskRows();
   *   for each vector of the word, at element offset e (a multiple of the lane count):
   *     rows = rows.or(maskRow(maskLanes(xv), e));
   *   mask[word] = maskWord(rows);
   *
   * Lane k of rows holds in bit j the bit of element j * lanes + k: the word's bits as a matrix
   * of 64 / lanes rows of lanes columns, held column by column. For eight lanes (AVX2) maskWord
   * packs the eight columns into the eight bytes of a long, one byte per column, and transposes
   * that 8x8 bit matrix with three delta swaps. FLOATS has eight lanes on AVX-512 too (see
   * VectorConstants), so only narrower hardware (four lanes) takes the slower loop over the
   * lanes, which extracts each one: with sixteen lanes that loop made ReLU's forward+backward at
   * 1M floats 1.68 ns/elem on Zen 5.
   *
   * The masks these helpers take are of FLOATS (or, for bits, HALF_FLOATS): the processor gives
   * mask kernels FLOATS lanes.
   */

  /** The empty accumulator of {@link #maskRow}: no bit set. */
  public static IntVector noMaskRows() {
    return IntVector.zero(INTS);
  }

  /**
   * The bits of {@code m}, the float-lane mask of the vector at element offset {@code e} of its
   * word, in the column layout described above: lane k holds {@code 1 << (e / lanes)} where it is
   * set.
   */
  public static IntVector maskRow(VectorMask<Float> m, int e) {
    return noMaskRows().blend(1 << (e / INTS.length()), m.cast(INTS));
  }

  /** The 64 mask bits (bit e for element e) that the rows OR-ed from {@link #maskRow} hold. */
  public static long maskWord(IntVector rows) {
    if (INTS.length() == 8) {
      // lane k (bits j = rows 0..7) becomes byte k: bit 8k + j holds element 8j + k
      long columns =
          rows.convertShape(VectorOperators.I2B, VectorConstants.BYTES_128, 0)
              .reinterpretAsLongs()
              .lane(0);
      return transpose8x8(columns);
    }
    int lanes = INTS.length();
    long word = 0L;
    for (int k = 0; k < lanes; k++) {
      int column = rows.lane(k);
      for (int j = 0; j * lanes < 64; j++) {
        word |= (long) (column >>> j & 1) << (j * lanes + k);
      }
    }
    return word;
  }

  /**
   * The transpose of the 8x8 bit matrix whose row r is byte r of {@code x}: bit 8r + c moves to bit
   * 8c + r. Three delta swaps exchange the off-diagonal 1x1, 2x2 and 4x4 blocks (Hacker's Delight,
   * 7-3).
   */
  static long transpose8x8(long x) {
    long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
    x ^= t ^ (t << 7);
    t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
    x ^= t ^ (t << 14);
    t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
    return x ^ t ^ (t << 28);
  }

  /** {@link #bits(VectorMask)} for a mask over double lanes. */
  public static long bitsOfDoubles(VectorMask<Double> m) {
    return LongVector.zero(LONGS)
        .blend(LONG_LANE_BITS, m.cast(LONGS))
        .reduceLanes(VectorOperators.OR);
  }

  /**
   * {@code dz = dy * (bit ? on : off)} for mask storage. Each lane tests its own bit of the mask
   * word ({@code word & 1 << lane != 0}) and the factor is a blend of the two constants: exact, as
   * the scalar loop's integer select is, and cheaper than shifting each lane's copy of the word
   * (0.26 against 0.34 ns per element measured at 1M floats).
   */
  public static void maskBackward(
      float[] dy,
      int dyOff,
      long[] mask,
      int maskBit,
      float on,
      float off,
      float[] dz,
      int dzOff,
      int n) {
    VectorSpecies<Float> s = FLOATS;
    FloatVector offs = FloatVector.broadcast(s, off);
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      // the lanes never cross a word: 64 is a multiple of the lane count, and maskBit of 64
      int word = (int) (mask[(maskBit + i) >>> 6] >>> (i & 63));
      VectorMask<Float> set =
          IntVector.broadcast(INTS, word).and(INT_LANE_BITS).compare(VectorOperators.NE, 0).cast(s);
      FloatVector.fromArray(s, dy, dyOff + i).mul(offs.blend(on, set)).intoArray(dz, dzOff + i);
    }
    int offBits = Float.floatToRawIntBits(off);
    int flip = offBits ^ Float.floatToRawIntBits(on);
    for (; i < n; i++) {
      int bit = (int) (mask[(maskBit + i) >>> 6] >>> (i & 63)) & 1;
      dz[dzOff + i] = dy[dyOff + i] * Float.intBitsToFloat(offBits ^ (flip & -bit));
    }
  }

  // ---- bfloat16 factors ----

  /**
   * The float block a factor kernel computes its factors into before {@link #storeBf16} rounds
   * them: 1024 floats (4 KiB, well inside L1), one per thread, since the same kernel may run on
   * several GEMM threads at once (fused Dense rows). A kernel processes n elements as blocks of
   * {@code block.length}; nothing it calls in between takes the block.
   */
  public static float[] factorBlock() {
    return FACTOR_BLOCK.get();
  }

  private static final ThreadLocal<float[]> FACTOR_BLOCK =
      ThreadLocal.withInitial(() -> new float[1024]);

  /**
   * Rounds {@code src[0..n)} to bfloat16 as {@link Bf16#round} does (ties to even, NaN to {@link
   * Bf16#NAN}) and stores the results at {@code out[off..off + n)}: the factor kernels' second
   * pass. It takes arrays, not vectors, so that it costs a plain call where C2 does not inline it
   * (see the class comment; the generated factorBlock methods say where that happened).
   */
  public static void storeBf16(float[] src, short[] out, int off, int n) {
    VectorSpecies<Float> s = WIDE_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      FloatVector f = FloatVector.fromArray(s, src, i);
      IntVector bits = f.reinterpretAsInts();
      IntVector rounded =
          bits.add(bits.lanewise(VectorOperators.LSHR, 16).and(1))
              .add(0x7FFF)
              .lanewise(VectorOperators.LSHR, 16)
              .blend(Bf16.NAN, f.test(VectorOperators.IS_NAN).cast(WIDE_INTS));
      ((ShortVector) rounded.convertShape(VectorOperators.I2S, VectorConstants.WIDE_SHORTS, 0))
          .intoArray(out, off + i);
    }
    for (; i < n; i++) {
      out[off + i] = Bf16.round(src[i]);
    }
  }

  /** {@code dz = dy * widen(factor)}: the backward of bfloat16 factor storage. */
  public static void bf16Backward(
      float[] dy, int dyOff, short[] factor, int factorOff, float[] dz, int dzOff, int n) {
    VectorSpecies<Float> s = WIDE_FLOATS;
    VectorSpecies<Short> shorts = VectorConstants.WIDE_SHORTS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      IntVector wide =
          (IntVector)
              ShortVector.fromArray(shorts, factor, factorOff + i)
                  .convertShape(VectorOperators.S2I, WIDE_INTS, 0);
      FloatVector f = wide.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector.fromArray(s, dy, dyOff + i).mul(f).intoArray(dz, dzOff + i);
    }
    Bf16.backward(dy, dyOff + i, factor, factorOff + i, dz, dzOff + i, n - i);
  }
}
