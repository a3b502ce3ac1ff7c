package dev.rectify.samples.custom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A finite-difference check of a layer's input gradient, small enough to copy into a user's own
 * tests (the runtime keeps its checker test-private).
 *
 * <p>The loss is L = Σ r·y with fixed random r. The central difference with h = 1e-2 has truncation
 * error h²|L'''|/6 ≈ 2e-5 for a smooth activation on inputs of order 1 and rounding error ≈
 * 6e-8·|L|/h ≈ 1e-4 (float outputs, |L| ≲ 20), so atol 2e-3 + rtol 1e-2 sits well above both, while
 * a wrong derivative (a missing factor) errs by O(0.1) or more.
 */
final class GradientCheck {
  private static final double H = 1e-2;
  private static final double ATOL = 2e-3;
  private static final double RTOL = 1e-2;

  private GradientCheck() {}

  /** Checks dL/dx of a built layer at {@code x} in evaluation mode, element by element. */
  static void inputGradient(Layer layer, Tensor x) {
    SplittableRandom random = new SplittableRandom(7);
    Tensor y = layer.forward(x, ForwardContext.EVAL);
    Tensor r = Tensor.zeros(y.shape());
    for (int i = 0; i < r.size(); i++) {
      r.data()[i] = (float) random.nextDouble(-1, 1);
    }
    // backward needs the training-mode forward's saved state
    layer.forward(x, ForwardContext.training(1L));
    float[] analytic = layer.backward(r).data().clone();
    float[] v = x.data();
    for (int i = 0; i < v.length; i++) {
      float saved = v[i];
      v[i] = (float) (saved + H);
      double up = loss(layer, x, r);
      v[i] = (float) (saved - H);
      double down = loss(layer, x, r);
      v[i] = saved;
      double numeric = (up - down) / (2 * H);
      double tolerance = ATOL + RTOL * Math.max(Math.abs(numeric), Math.abs(analytic[i]));
      assertTrue(
          Math.abs(numeric - analytic[i]) <= tolerance,
          String.format(
              "dL/dx[%d] at x = %s: backward %s, finite difference %s",
              i, saved, analytic[i], numeric));
    }
  }

  private static double loss(Layer layer, Tensor x, Tensor r) {
    Tensor y = layer.forward(x, ForwardContext.EVAL);
    double s = 0;
    for (int i = 0; i < y.size(); i++) {
      s += (double) r.data()[i] * y.data()[i];
    }
    return s;
  }
}
