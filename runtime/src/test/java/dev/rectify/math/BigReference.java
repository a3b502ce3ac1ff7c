package dev.rectify.math;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * High-precision references for the special-function tests, in BigDecimal with 34 significant
 * digits and methods independent of those under test: erf by its Taylor series, erfc by Laplace's
 * continued fraction, exp by halving and squaring, log by Newton's iteration on exp.
 */
final class BigReference {
  static final MathContext MC = new MathContext(34, RoundingMode.HALF_EVEN);
  static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937");
  static final BigDecimal SQRT_PI = PI.sqrt(MC);
  static final BigDecimal SQRT2 = BigDecimal.valueOf(2).sqrt(MC);
  static final BigDecimal TWO_OVER_SQRT_PI = BigDecimal.valueOf(2).divide(SQRT_PI, MC);

  /** Where erf switches from the Taylor series to 1 - erfc by the continued fraction. */
  static final BigDecimal SERIES_LIMIT = BigDecimal.valueOf(3);

  private static final BigDecimal TINY = new BigDecimal("1e-38");
  private static final BigDecimal NEGLIGIBLE = new BigDecimal("1e-48");

  private BigReference() {}

  /**
   * erf by {@code 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))}. For |x| &lt;= 3 the largest term
   * is below 10^3, so 34 digits leave 30 after the cancellation.
   */
  static BigDecimal erfSeries(BigDecimal x) {
    BigDecimal minusX2 = x.multiply(x).negate();
    BigDecimal term = x; // x^(2n+1) (-1)^n / n!
    BigDecimal sum = x;
    for (int n = 1; ; n++) {
      term = term.multiply(minusX2, MC).divide(BigDecimal.valueOf(n), MC);
      BigDecimal add = term.divide(BigDecimal.valueOf(2L * n + 1), MC);
      sum = sum.add(add, MC);
      if (add.abs().compareTo(TINY) < 0 && n > 2 * minusX2.abs().doubleValue()) {
        return sum.multiply(TWO_OVER_SQRT_PI, MC);
      }
    }
  }

  /**
   * erfc for x &gt;= 2 by Laplace's continued fraction, {@code erfc(x) = exp(-x^2)/sqrt(pi) / K},
   * {@code K = x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...)))}, truncated after 500/x^2 + 30 levels:
   * the truncation error is below 10^-27 relative at x = 3 and shrinks fast above. The convergent
   * is formed by the forward (Wallis) recurrence A_n = x A_(n-1) + (n/2) A_(n-2), likewise B_n, K =
   * A_n / B_n: multiplications only, one division.
   */
  static BigDecimal erfcFraction(BigDecimal x) {
    return erfcFraction(x, exp(x.multiply(x).negate()));
  }

  /** {@link #erfcFraction(BigDecimal)} given exp(-x^2). */
  static BigDecimal erfcFraction(BigDecimal x, BigDecimal expMinusX2) {
    double xd = x.doubleValue();
    int levels = (int) Math.ceil(500 / (xd * xd)) + 30;
    BigDecimal a2 = BigDecimal.ONE; // A_(n-2), B_(n-2) start as A_(-1) = 1, B_(-1) = 0
    BigDecimal b2 = BigDecimal.ZERO;
    BigDecimal a1 = x.round(MC);
    BigDecimal b1 = BigDecimal.ONE;
    for (int n = 1; n <= levels; n++) {
      BigDecimal half = BigDecimal.valueOf(5L * n, 1);
      BigDecimal a = x.multiply(a1, MC).add(half.multiply(a2), MC);
      BigDecimal b = x.multiply(b1, MC).add(half.multiply(b2), MC);
      a2 = a1;
      b2 = b1;
      a1 = a;
      b1 = b;
    }
    BigDecimal k = a1.divide(b1, MC);
    return expMinusX2.divide(SQRT_PI.multiply(k, MC), MC);
  }

  /**
   * erf(a + d) - erf(a), for |d| up to about 2^-8, by Taylor's series at a. The derivatives of
   * exp(-t^2) are (-1)^n H_n(t) exp(-t^2), with the Hermite polynomials H_0 = 1, H_1 = 2t, H_n = 2t
   * H_(n-1) - 2(n-1) H_(n-2), so {@code erf(a + d) - erf(a) = 2/sqrt(pi) exp(-a^2) sum over n >= 0
   * of (-1)^n H_n(a) d^(n+1) / (n+1)!}. Summed until the terms fall below 10^-36 of the sum. This
   * makes one full evaluation at a serve its neighbours at a fraction of the cost; erfc(a + d) =
   * erfc(a) - the increment keeps its relative accuracy because erfc(a + d)/erfc(a) is near 1 for
   * such d.
   */
  static BigDecimal erfIncrement(BigDecimal a, BigDecimal expMinusA2, BigDecimal d) {
    if (d.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal twoA = a.add(a);
    BigDecimal hPrev = BigDecimal.ONE; // H_0
    BigDecimal h = twoA; // H_1
    BigDecimal power = d; // (-1)^n d^(n+1) / (n+1)!, n = 0
    BigDecimal sum = d; // the n = 0 term, H_0 = 1
    BigDecimal negD = d.negate();
    boolean previousSmall = false;
    for (int n = 1; n < 60; n++) {
      if (n >= 2) {
        BigDecimal next =
            twoA.multiply(h, MC).subtract(hPrev.multiply(BigDecimal.valueOf(2L * (n - 1))), MC);
        hPrev = h;
        h = next; // H_n
      }
      power = power.multiply(negD, MC).divide(BigDecimal.valueOf(n + 1), MC);
      BigDecimal term = h.multiply(power, MC);
      sum = sum.add(term, MC);
      // Two small terms in a row: at a = 0 every other term vanishes (H_n(0) = 0 for odd n).
      boolean small = term.abs().compareTo(sum.abs().movePointLeft(36)) < 0;
      if (small && previousSmall) {
        break;
      }
      previousSmall = small;
    }
    return sum.multiply(expMinusA2, MC).multiply(TWO_OVER_SQRT_PI, MC);
  }

  static BigDecimal erf(BigDecimal x) {
    if (x.abs().compareTo(SERIES_LIMIT) <= 0) {
      return erfSeries(x);
    }
    BigDecimal tail = erfcFraction(x.abs());
    return x.signum() > 0 ? BigDecimal.ONE.subtract(tail) : tail.subtract(BigDecimal.ONE);
  }

  static BigDecimal erfc(BigDecimal x) {
    if (x.compareTo(SERIES_LIMIT) > 0) {
      return erfcFraction(x);
    }
    if (x.compareTo(SERIES_LIMIT.negate()) < 0) {
      return BigDecimal.valueOf(2).subtract(erfcFraction(x.negate()));
    }
    return BigDecimal.ONE.subtract(erfSeries(x));
  }

  static BigDecimal erf(double x) {
    return erf(new BigDecimal(x));
  }

  static BigDecimal erfc(double x) {
    return erfc(new BigDecimal(x));
  }

  /** Phi(x) = erfc(-x / sqrt 2) / 2, with the division done in 40 digits. */
  static BigDecimal normalCdf(double x) {
    BigDecimal z = new BigDecimal(x).negate().divide(SQRT2, MC);
    return erfc(z).divide(BigDecimal.valueOf(2), MC);
  }

  /** exp(y) = exp(y / 2^k)^(2^k), with |y / 2^k| &lt; 2^-10 summed by Taylor's series. */
  static BigDecimal exp(BigDecimal y) {
    if (y.signum() == 0) {
      return BigDecimal.ONE;
    }
    int k = Math.max(0, Math.getExponent(y.doubleValue()) + 11);
    MathContext wide = new MathContext(MC.getPrecision() + 10, RoundingMode.HALF_EVEN);
    BigDecimal r = y.divide(BigDecimal.valueOf(2).pow(k), wide);
    BigDecimal term = BigDecimal.ONE;
    BigDecimal sum = BigDecimal.ONE;
    for (int n = 1; term.abs().compareTo(NEGLIGIBLE) > 0; n++) {
      term = term.multiply(r, wide).divide(BigDecimal.valueOf(n), wide);
      sum = sum.add(term, wide);
    }
    for (int i = 0; i < k; i++) {
      sum = sum.multiply(sum, wide);
    }
    return sum.round(MC);
  }

  /** ln(a) for a &gt; 0: Newton's iteration y += 2 (a - e^y) / (a + e^y) from the double log. */
  static BigDecimal log(BigDecimal a) {
    BigDecimal y = new BigDecimal(Math.log(a.doubleValue()));
    for (int i = 0; i < 3; i++) {
      BigDecimal e = exp(y);
      y = y.add(BigDecimal.valueOf(2).multiply(a.subtract(e)).divide(a.add(e), MC), MC);
    }
    return y;
  }
}
