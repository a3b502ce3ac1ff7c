package dev.rectify.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

final class UlpsTest {

  @Test
  void float_neighboursAndThePowerOfTwoBoundary() {
    assertEquals(0, Ulps.ulpError(1f, 1.0));
    assertEquals(1, Ulps.ulpError(Math.nextUp(1f), 1.0));
    assertEquals(0.5, Ulps.ulpError(1f, 1.0 + 0x1p-24));
    // Below 1 the float spacing is 2^-24: 1.0f is a quarter ulp from 1 - 2^-26.
    assertEquals(0.25, Ulps.ulpError(1f, 1.0 - 0x1p-26));
    assertEquals(2, Ulps.ulpError(-3f, -3.0 - 0x1p-21));
  }

  @Test
  void float_subnormalsAndZeroAreMeasuredInSubnormalSpacings() {
    assertEquals(1, Ulps.ulpError(Float.MIN_VALUE, 0.0));
    assertEquals(1, Ulps.ulpError(0f, Float.MIN_VALUE));
    assertEquals(0.5, Ulps.ulpError(Float.MIN_VALUE, 1.5 * Float.MIN_VALUE));
    assertEquals(0, Ulps.ulpError(-0f, 0.0));
  }

  @Test
  void float_specialValues() {
    assertEquals(0, Ulps.ulpError(Float.NaN, Double.NaN));
    assertEquals(Double.POSITIVE_INFINITY, Ulps.ulpError(Float.NaN, 1.0));
    assertEquals(Double.POSITIVE_INFINITY, Ulps.ulpError(1f, Double.NaN));
    assertEquals(0, Ulps.ulpError(Float.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertEquals(
        Double.POSITIVE_INFINITY, Ulps.ulpError(Float.MAX_VALUE, Double.POSITIVE_INFINITY));
    // 3.5e38 is beyond the float overflow threshold: +inf is its correct rounding; 3.0e38 is not.
    assertEquals(0, Ulps.ulpError(Float.POSITIVE_INFINITY, 3.5e38));
    assertEquals(Double.POSITIVE_INFINITY, Ulps.ulpError(Float.POSITIVE_INFINITY, 3.0e38));
    assertEquals(Double.POSITIVE_INFINITY, Ulps.ulpError(Float.NEGATIVE_INFINITY, 3.5e38));
  }

  @Test
  void double_neighboursSubnormalsAndSpecialValues() {
    assertEquals(3, Ulps.ulpError(Math.nextUp(Math.nextUp(Math.nextUp(2.0))), 2.0));
    assertEquals(1, Ulps.ulpError(Math.nextDown(1.0), 1.0 - 0x1p-52));
    assertEquals(2, Ulps.ulpError(3 * Double.MIN_VALUE, Double.MIN_VALUE));
    assertEquals(0, Ulps.ulpError(Double.NaN, Double.NaN));
    assertEquals(
        Double.POSITIVE_INFINITY, Ulps.ulpError(Double.MAX_VALUE, Double.POSITIVE_INFINITY));
  }

  @Test
  void bigDecimal_measuresFractionsOfAnUlp() {
    // 0.1 is stored as 0.1000000000000000055511151231257827..., ulp(0.1) = 2^-56.
    double expected = 0.0000000000000000055511151231257827021181583404541015625 * 0x1p56;
    assertEquals(expected, Ulps.ulpError(0.1, new BigDecimal("0.1")), 1e-15);
    assertEquals(0, Ulps.ulpError(0.5, new BigDecimal("0.5")));
    // Just below 1 the ulp is 2^-53: 1.0 against 1 - 2^-54 is half an ulp.
    assertEquals(0.5, Ulps.ulpError(1.0, BigDecimal.ONE.subtract(new BigDecimal(0x1p-54))));
    assertEquals(Double.POSITIVE_INFINITY, Ulps.ulpError(Double.NaN, BigDecimal.ONE));
  }

  @Test
  void bigDecimal_keepsFractionsOfTheSubnormalSpacing() {
    // A reference 0.4 spacings above MIN_VALUE: the error is 0.4, not 0 or 1 (the bug of
    // converting the difference to double before scaling).
    BigDecimal min = new BigDecimal(Double.MIN_VALUE);
    BigDecimal reference = min.add(min.multiply(new BigDecimal("0.4")));
    assertEquals(0.4, Ulps.ulpError(Double.MIN_VALUE, reference), 1e-12);
    assertEquals(0.6, Ulps.ulpError(2 * Double.MIN_VALUE, reference), 1e-12);
    assertEquals(1.4, Ulps.ulpError(0.0, reference), 1e-12);
  }

  @Test
  void bigDecimal_hugeReferences() {
    BigDecimal max = new BigDecimal(Double.MAX_VALUE);
    assertEquals(0, Ulps.ulpError(Double.MAX_VALUE, max));
    assertEquals(1, Ulps.ulpError(Math.nextDown(Double.MAX_VALUE), max));
  }
}
