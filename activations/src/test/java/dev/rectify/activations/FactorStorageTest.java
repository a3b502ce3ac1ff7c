package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rectify.kernel.KernelProvider;
import dev.rectify.nn.Activations;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.UnaryActivationLayer;
import dev.rectify.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float factor storage ({@link BackwardStorage#FACTOR}): the training forward computes the backward
 * factor with y and keeps it, and backward multiplies. That must give the gradients that
 * recomputing the factor from the input gives, bit for bit: dz = dy * gradient(x), with the layer's
 * own evaluation-mode gradient as the reference, in the scalar loops and in the vector kernels. And
 * the vector kernels' forwardFactor must write at any offsets what it writes at offset 0, nothing
 * outside its ranges, and the same in place (y = x, as in a fused Dense).
 */
class FactorStorageTest {
  private static final int N = 1001; // no multiple of a lane count: the masked tail runs too

  private static float[] inputs(int n) {
    Random r = new Random(n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextInt(8) == 0 ? 40 * r.nextGaussian() : 3 * r.nextGaussian());
    }
    float[] special = {0f, -0f, Float.MIN_VALUE, -1e-30f, 1e-30f, -100f, 100f, -1.28f, 30f};
    System.arraycopy(special, 0, x, 0, Math.min(n, special.length));
    return x;
  }

  private static List<String> factorStored() {
    List<String> names = new ArrayList<>();
    for (String name : Activations.names()) {
      if (Activations.byName(name).info().storage() == BackwardStorage.FACTOR) {
        names.add(name);
      }
    }
    return names;
  }

  @Test
  void backwardFromTheStoredFactor_isDyTimesTheGradientAtX_bitForBit() {
    List<String> names = factorStored();
    assertFalse(names.isEmpty());
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      check(name, false, failures);
      if (KernelProvider.vectorEnabled()) {
        check(name, true, failures);
      }
    }
    assertEquals(List.of(), failures);
  }

  private static void check(String name, boolean vector, List<String> failures) {
    UnaryActivationLayer layer = (UnaryActivationLayer) Activations.byName(name).newLayer();
    if (!vector) {
      layer.scalarKernels();
    }
    layer.build(new int[] {N});
    float[] x = inputs(N);
    float[] g = new float[N];
    layer.gradient(x, 0, g, 0, N);
    float[] dy = new float[N];
    Random r = new Random(7);
    for (int i = 0; i < N; i++) {
      dy[i] = (float) r.nextGaussian();
    }
    layer.forward(Tensor.wrap(x.clone(), 1, N), ForwardContext.training(1));
    float[] dz = layer.backward(Tensor.wrap(dy, 1, N)).data();
    for (int i = 0; i < N && failures.size() < 20; i++) {
      float expected = dy[i] * g[i];
      if (Float.floatToIntBits(dz[i]) != Float.floatToIntBits(expected)) {
        failures.add(
            String.format(
                "%s (%s) at x = %s: dz %s, dy * gradient %s",
                name, vector ? "vector" : "scalar", x[i], dz[i], expected));
      }
    }
  }
}
