package dev.rectify.math;

/**
 * The normal distribution's tail over its density, {@code mills(a) = ndtr(-a) exp(a^2 / 2)} for a
 * &gt;= 0: the smooth factor of {@code ndtr(-a) = exp(-a^2 / 2) mills(a)}, which lets generated
 * code share one exponential between ndtr and npdf (GELU's derivative needs both) and compute ndtr
 * without a branch. mills falls from 1/2 at 0 like 1 / (a sqrt(2 pi)) for large a. The scalar loops
 * call {@link #mills}; {@code VectorMath.mills} evaluates the same coefficients in double lanes.
 *
 * <p>A rational function P(a) / Q(a) of degrees 5 and 6, fitted to minimise the relative error
 * against mpmath at 40 digits on 4000 Chebyshev nodes of [0, 15] (iteratively reweighted linear
 * least squares): within 1.1e-10 relative there, far below a float ulp, which is all the float
 * kernels need (the double-precision {@link SpecialFunctions#normalCdf} is the reference). P(0) /
 * Q(0) is exactly 1/2, so ndtr(+-tiny) is exactly 1/2, as in double, and x ndtr(x) rounds as it
 * should at the smallest subnormals. All coefficients are positive, so Horner's rule adds no
 * cancellation. Beyond 15, where the tail is below 4e-51, P/Q follows the 1 / (a sqrt(2 pi))
 * asymptote to within 1.2e-7 up to 40; callers clamp a to 40, where exp(-a^2 / 2) is 0 in double.
 * NaN gives NaN.
 */
public final class MillsRatio {
  private MillsRatio() {}

  /** mills(a) for a in [0, 40]. */
  public static double mills(double a) {
    double p = Math.fma(a, P[5], P[4]);
    for (int i = 3; i >= 0; i--) {
      p = Math.fma(p, a, P[i]);
    }
    double q = Math.fma(a, Q[6], Q[5]);
    for (int i = 4; i >= 0; i--) {
      q = Math.fma(q, a, Q[i]);
    }
    return p / q;
  }

  /** P's coefficients, constant term first (a copy). */
  public static double[] numerator() {
    return P.clone();
  }

  /** Q's coefficients, constant term first (a copy). */
  public static double[] denominator() {
    return Q.clone();
  }

  private static final double[] P = {
    0.5,
    0.5088471926162923,
    0.25173650667980974,
    0.07180118029885967,
    0.011754061557208165,
    0.0009009957644419975
  };

  private static final double[] Q = {
    1.0,
    1.8155789396014317,
    1.4520955357241143,
    0.6603782717884309,
    0.18224256679193668,
    0.029462891160287885,
    0.002258463964976351
  };
}
