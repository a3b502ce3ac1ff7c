package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.math.SpecialFunctions;
import dev.rectify.nn.Activations;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RReLU and NReLU in training mode: the draws have the stated distribution over 2^20 samples, are
 * bit-identical under the same key, differ under another, are re-created by backward, and
 * evaluation mode is deterministic. Tolerances are 6 standard errors from the central limit
 * theorem, so a correct generator fails with probability about 2e-9 per check.
 */
class StochasticTest {
  private static final int N = 1 << 20;

  private static Layer layer(String name) {
    Layer l = Activations.byName(name).newLayer();
    l.build(new int[] {N});
    return l;
  }

  private static Tensor constant(float... cycle) {
    Tensor t = Tensor.zeros(1, N);
    for (int i = 0; i < N; i++) {
      t.data()[i] = cycle[i % cycle.length];
    }
    return t;
  }

  @Test
  void rrelu_slopeIsUniformOnOneEighthToOneThird() {
    Tensor x = constant(-1f, -2.5f, -7f, -0.125f);
    Layer l = layer("rrelu");
    float[] y = l.forward(x, ForwardContext.training(42)).data().clone();
    double lo = 1.0 / 8;
    double hi = 1.0 / 3;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < N; i++) {
      double slope = (double) y[i] / x.data()[i];
      // y is a float: the slope is known to 2^-24 relative
      assertTrue(slope >= lo * (1 - 1e-6) && slope <= hi * (1 + 1e-6), "slope " + slope);
      sum += slope;
      sumSq += slope * slope;
    }
    double mean = sum / N;
    double variance = sumSq / N - mean * mean;
    double w = hi - lo;
    double var = w * w / 12;
    // standard error of the mean sqrt(var / N); of the variance sqrt((mu4 - var^2) / N) with
    // mu4 = w^4 / 80 for a uniform distribution
    assertEquals((lo + hi) / 2, mean, 6 * Math.sqrt(var / N));
    assertEquals(var, variance, 6 * Math.sqrt((Math.pow(w, 4) / 80 - var * var) / N));

    // backward re-creates the forward's slopes from the key: dz = dy * slope
    float[] dz = l.backward(Tensor.zeros(1, N).fill(1f)).data();
    for (int i = 0; i < N; i += 997) {
      assertEquals((double) y[i] / x.data()[i], dz[i], 1e-6);
    }
  }

  @Test
  void nrelu_noiseHasVarianceSigmoidOfX() {
    // far above 0 the rectification almost never cuts the noise: P(N(0, 1) < -8) = 6e-16
    for (float xv : new float[] {8f, 11f}) {
      Tensor x = constant(xv);
      float[] y = layer("nrelu").forward(x, ForwardContext.training(9)).data();
      double sum = 0;
      double sumSq = 0;
      for (int i = 0; i < N; i++) {
        double noise = (double) y[i] - xv;
        sum += noise;
        sumSq += noise * noise;
      }
      double var = SpecialFunctions.sigmoid((double) xv);
      double mean = sum / N;
      // normal noise: standard error of the variance is var * sqrt(2 / N)
      assertEquals(0, mean, 6 * Math.sqrt(var / N));
      assertEquals(var, sumSq / N - mean * mean, 6 * var * Math.sqrt(2.0 / N));
    }
  }

  @Test
  void nrelu_backwardFollowsTheNoisyForward() {
    Tensor x = constant(-0.3f, 0.1f, 0.6f);
    Layer l = layer("nrelu");
    float[] y = l.forward(x, ForwardContext.training(3)).data().clone();
    float[] dz = l.backward(Tensor.zeros(1, N).fill(2f)).data();
    int active = 0;
    for (int i = 0; i < N; i++) {
      assertEquals(y[i] > 0 ? 2f : 0f, dz[i], "element " + i);
      active += y[i] > 0 ? 1 : 0;
    }
    // the noise makes some x = -0.3 active and some x = 0.6 inactive
    assertTrue(active > N / 3 && active < N, "active " + active);
  }

  @Test
  void draws_areRepeatableUnderAKey_andEvaluationIsDeterministic() {
    for (String name : new String[] {"rrelu", "nrelu"}) {
      Tensor x = constant(-1.5f, 0.25f, -0.01f, 2f);
      float[] a = layer(name).forward(x, ForwardContext.training(11)).data().clone();
      float[] b = layer(name).forward(x, ForwardContext.training(11)).data().clone();
      float[] c = layer(name).forward(x, ForwardContext.training(12)).data().clone();
      assertArrayEquals(a, b, name);
      assertFalse(Arrays.equals(a, c), name + ": another key must draw differently");
      float[] e1 = layer(name).forward(x, ForwardContext.EVAL).data().clone();
      float[] e2 = layer(name).forward(x, ForwardContext.EVAL).data().clone();
      assertArrayEquals(e1, e2, name);
      for (int i = 0; i < 4; i++) {
        assertEquals(Activations.unary(name).apply(x.data()[i]), e1[i], name);
      }
    }
  }
}
