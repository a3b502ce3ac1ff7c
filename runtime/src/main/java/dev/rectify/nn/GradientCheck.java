package dev.rectify.nn;

import dev.rectify.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finite-difference gradient checks for layers that compute in float: the test helper for anyone
 * writing a layer or declaring an activation, with no test framework needed (a failure is an {@link
 * AssertionError}, which every framework reports).
 *
 * <pre>{@code
 * Layer act = Activations.byName("squareplus").newLayer();
 * act.build(new int[] {16});
 * GradientCheck.check(act, GradientCheck.random(1L, 4, 16), ForwardContext.training(1L));
 * }</pre>
 *
 * <p>The loss is {@code L = Σ r·y} (r fixed random weights), summed in double, plus the L1 activity
 * penalty of a {@link Sequential}'s activations. A central difference with step h = 1e-2 has
 * truncation error h²·|L'''|/6 ≈ 2e-5 for the smooth layers here (|L'''| = O(1) for inputs of order
 * 1), and rounding error about ε·|L|/h with ε ≈ 6e-8 (float outputs) and |L| ≲ 50, i.e. ≈ 3e-4. The
 * tolerance atol = 2e-3, rtol = 1e-2 therefore sits about ten times above the worst expected error,
 * while a wrong gradient (a missing factor, a transposed index, a dropped term) errs by O(1). At a
 * kink (ReLU, max pooling) the difference quotient is meaningless: it is recognised because halving
 * h changes it by more than the tolerance, and such coordinates are skipped, at most a tenth of
 * those checked.
 */
public final class GradientCheck {
  private static final double H = 1e-2;
  private static final double ATOL = 2e-3;
  private static final double RTOL = 1e-2;
  private static final int MAX_COORDINATES = 60;

  private GradientCheck() {}

  /**
   * Checks dL/dx and dL/dθ for every trainable parameter of a built layer, at up to 60 coordinates
   * of each.
   *
   * @throws AssertionError naming the layer, the coordinate and both values when they disagree
   */
  public static void check(Layer layer, Tensor x, ForwardContext context) {
    SplittableRandom random = new SplittableRandom(17);
    for (Parameter p : layer.parameters()) {
      p.zeroGrad();
    }
    // The analytic gradient comes from the layer's very first forward, so that a first call
    // that differs from later ones (a buffer not yet allocated) is caught too.
    Tensor y = layer.forward(x, context);
    Tensor r = Tensor.zeros(y.shape());
    for (int i = 0; i < r.size(); i++) {
      r.data()[i] = (float) random.nextDouble(-1, 1);
    }
    float[] gradX = layer.backward(r).data().clone();
    List<float[]> gradParams = new ArrayList<>();
    for (Parameter p : layer.parameters()) {
      gradParams.add(p.isTrainable() ? p.grad().data().clone() : null);
    }

    Stats stats = new Stats();
    compare("input", x.data(), gradX, layer, x, r, context, random, stats);
    List<Parameter> params = layer.parameters();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).isTrainable()) {
        compare(
            params.get(i).name(),
            params.get(i).value().data(),
            gradParams.get(i),
            layer,
            x,
            r,
            context,
            random,
            stats);
      }
    }
    if (stats.checked == 0) {
      throw new AssertionError("nothing was checked");
    }
    if (stats.skipped * 10 > stats.checked + stats.skipped) {
      throw new AssertionError(
          "too many kinks: " + stats.skipped + " of " + (stats.checked + stats.skipped));
    }
  }

  private static void compare(
      String what,
      float[] values,
      float[] analytic,
      Layer layer,
      Tensor x,
      Tensor r,
      ForwardContext context,
      SplittableRandom random,
      Stats stats) {
    int count = Math.min(values.length, MAX_COORDINATES);
    for (int c = 0; c < count; c++) {
      int i = values.length <= MAX_COORDINATES ? c : random.nextInt(values.length);
      double d1 = difference(values, i, H, layer, x, r, context);
      double d2 = difference(values, i, H / 2, layer, x, r, context);
      if (Math.abs(d1 - d2) > ATOL + RTOL * Math.abs(d1)) {
        stats.skipped++;
        continue;
      }
      stats.checked++;
      double a = analytic[i];
      if (!(Math.abs(d2 - a) <= ATOL + RTOL * Math.max(Math.abs(a), Math.abs(d2)))) {
        throw new AssertionError(
            String.format(
                "%s of %s: d%s[%d]: analytic %s, numeric %s", layer.name(), layer, what, i, a, d2));
      }
    }
  }

  private static double difference(
      float[] values, int i, double h, Layer layer, Tensor x, Tensor r, ForwardContext context) {
    float saved = values[i];
    values[i] = (float) (saved + h);
    double plus = loss(layer, x, r, context);
    values[i] = (float) (saved - h);
    double minus = loss(layer, x, r, context);
    values[i] = saved;
    // the step actually taken in float, not h
    double step = (double) (float) (saved + h) - (double) (float) (saved - h);
    return (plus - minus) / step;
  }

  private static double loss(Layer layer, Tensor x, Tensor r, ForwardContext context) {
    float[] y = layer.forward(x, context).data();
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += (double) r.data()[i] * y[i];
    }
    // backward includes the gradient of the activations' L1 penalty, so the loss includes it
    return layer instanceof Sequential ? sum + ((Sequential) layer).activityPenalty() : sum;
  }

  /** A tensor of uniform values in (−1, 1). */
  public static Tensor random(long seed, int... shape) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) random.nextDouble(-1, 1);
    }
    return t;
  }

  private static final class Stats {
    int checked;
    int skipped;
  }
}
