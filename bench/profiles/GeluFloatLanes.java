import dev.rectify.math.MillsRatio;
import dev.rectify.math.SpecialFunctions;
import dev.rectify.math.Ulps;

/**
 * What GELU would lose in float lanes: the two designs of bench/README.md ("SiLU and GELU on Zen
 * 5"), emulated one float at a time with the operations and roundings the lanes would do ({@code
 * Math.fma} on floats is the lanes' fma), and checked against the double-precision references over
 * every {@code stride}-th float of a range, with AccuracyTest's rules: forward within 4 ulps,
 * backward factor within 8, an absolute 2^-23 within 1/16 of the factor's zero crossing, results
 * below 2^-110 within an absolute 2^-136.
 *
 * <ul>
 *   <li>{@code float-mills}: everything in float, the Mills ratio's rational function (MillsRatio's
 *       coefficients rounded to float) by Horner's rule;
 *   <li>{@code double-mills}: the Mills ratio in double, rounded once to float, the rest in float.
 * </ul>
 *
 * <p>Both: a = min(|x|, 40); G = exp(-a^2 / 2) from a^2 held in two floats (the rounded square and
 * its fma remainder) and VectorMath's float exp (emulated); ndtr(x) = x &lt; 0 ? G m : 1 - G m;
 * the factor ndtr(x) + x npdf(x) = x &lt; 0 ? G D : 1 - G D with D = m - a / sqrt(2 pi), which
 * cancels at a0 = 0.75179 and is taken there, for |a - a0| &lt; 1/4, as d E(d), d = a - a0 and E
 * a degree-6 polynomial fitted to D / d (relative error 5e-9).
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp runtime/target/classes bench/profiles/GeluFloatLanes.java float-mills -14 0 3
 * java -cp runtime/target/classes bench/profiles/GeluFloatLanes.java double-mills -14 0 3
 * </pre>
 *
 * <p>Not part of the build: a record of the measurement behind the GELU row of bench/README.md.
 */
public class GeluFloatLanes {
  public static void main(String[] args) {
    boolean floatMills = args[0].equals("float-mills");
    float lo = Float.parseFloat(args[1]);
    float hi = Float.parseFloat(args[2]);
    int stride = Integer.parseInt(args[3]);
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
        args[0], lo, hi, worstForward, atForward, worstFactor, atFactor);
  }

  static boolean tiny(double actual, double ref) {
    return Math.abs(ref) < 0x1p-110 && Math.abs(actual - ref) <= 0x1p-136;
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

  static float[] eval(float x, boolean floatMills) {
    float xc = Math.max(x, -Float.MAX_VALUE);
    float a = Math.min(Math.abs(xc), 40f);
    float m = floatMills ? floatMills(a) : (float) MillsRatio.mills(a);
    float square = a * a;
    float gaussHi = exp(-0.5f * square);
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

  // VectorMath.exp(FloatVector), one lane: the same operations in the same order
  static final float LOG2_E = 1.44269504088896341f;
  static final float ROUNDER = 0x1.8p23f;
  static final float LN2_HI = 0x1.62e4p-1f;
  static final float LN2_LO = (float) (0.6931471805599453 - 0x1.62e4p-1);

  static float exp(float x) {
    float xc = x < -104f ? -104f : x > 89f ? 89f : x;
    float shifted = Math.fma(xc, LOG2_E, ROUNDER);
    float k = shifted - ROUNDER;
    float r = Math.fma(k, -LN2_HI, xc) + k * -LN2_LO;
    float q = Math.fma(r, 1f / 5040, 1f / 720);
    q = Math.fma(q, r, 1f / 120);
    q = Math.fma(q, r, 1f / 24);
    q = Math.fma(q, r, 1f / 6);
    q = Math.fma(q, r, 0.5f);
    float p = Math.fma(r * r, q, r) + 1f;
    int ki = Float.floatToRawIntBits(shifted) - Float.floatToRawIntBits(ROUNDER);
    int half = ki >> 1;
    return p
        * Float.intBitsToFloat((half + 127) << 23)
        * Float.intBitsToFloat((ki - half + 127) << 23);
  }
}
