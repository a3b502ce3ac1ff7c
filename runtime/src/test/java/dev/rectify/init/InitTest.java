package dev.rectify.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitTest {
  private static final int FAN_IN = 300;
  private static final int FAN_OUT = 100;
  private static final int N = 200_000;

  /**
   * Sample variance and range against the formula. With N = 200 000 draws the sample variance's
   * relative standard error is √(2/N) ≈ 0.3% for normals (less for uniforms), so 2% is over six
   * standard errors; uniform draws must stay inside (−b, b) and come within 1% of b.
   */
  @ParameterizedTest
  @EnumSource(Init.Scheme.class)
  void scheme_hasDocumentedVarianceAndRange(Init.Scheme scheme) {
    Tensor t = Tensor.zeros(N);
    scheme.fill(t, FAN_IN, FAN_OUT, 1L);
    double sum = 0;
    double sumSq = 0;
    double maxAbs = 0;
    for (float v : t.data()) {
      sum += v;
      sumSq += (double) v * v;
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    double mean = sum / N;
    double variance = sumSq / N - mean * mean;
    double expected;
    double bound = Double.NaN;
    switch (scheme) {
      case HE_NORMAL:
        expected = 2.0 / FAN_IN;
        break;
      case HE_UNIFORM:
        bound = Math.sqrt(6.0 / FAN_IN);
        expected = bound * bound / 3;
        break;
      case XAVIER_NORMAL:
        expected = 2.0 / (FAN_IN + FAN_OUT);
        break;
      case XAVIER_UNIFORM:
        bound = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        expected = bound * bound / 3;
        break;
      case LECUN_NORMAL:
        expected = 1.0 / FAN_IN;
        break;
      case PYTORCH_DEFAULT:
        bound = 1 / Math.sqrt(FAN_IN);
        expected = bound * bound / 3;
        break;
      default:
        throw new AssertionError(scheme);
    }
    assertEquals(expected, variance, 0.02 * expected, scheme + " variance");
    assertEquals(0, mean, 5 * Math.sqrt(expected / N), scheme + " mean");
    if (!Double.isNaN(bound)) {
      assertTrue(maxAbs < bound && maxAbs > 0.99 * bound, scheme + " range " + maxAbs);
    }
  }

  @Test
  void sameSeed_sameValues_otherSeed_otherValues() {
    Tensor a = Tensor.zeros(1001);
    Tensor b = Tensor.zeros(1001);
    Tensor c = Tensor.zeros(1001);
    Init.heNormal(a, 10, new SplittableRandom(5));
    Init.heNormal(b, 10, new SplittableRandom(5));
    Init.heNormal(c, 10, new SplittableRandom(6));
    assertArrayEquals(a.data(), b.data());
    assertFalse(Arrays.equals(a.data(), c.data()));
  }

  @Test
  void nonPositiveFan_isRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Init.Scheme.XAVIER_UNIFORM.fill(Tensor.zeros(3), 4, 0, 1L));
  }
}
