package dev.rectify.activations;

import dev.rectify.nn.Activation;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The float inputs every accuracy test runs over: a dense grid over [-100, 100], every binade from
 * the smallest subnormal to Float.MAX_VALUE in both signs, runs of consecutive floats around the
 * kinks and interior zero crossings of the zoo, and the special values.
 */
final class Sweep {
  private Sweep() {}

  /** Points of the dense grid: spacing 0.002, so 0.75 and 2.7 lie between grid points. */
  static final int GRID = 100_001;

  /** Where the zoo's derivatives jump or cross zero; each gets 64 consecutive floats. */
  private static final float[] LANDMARKS = {
    0f, 1f, -1f, 3f, -3f, 6f, -1.5f, 20f, -0.7517916f, -0.7522f, -1.2784645f, -1.1924f, -2.7346f
  };

  static final float[] SPECIAL = {
    0f,
    -0f,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    0x1p-140f,
    -0x1p-140f,
    Float.MIN_NORMAL,
    -Float.MIN_NORMAL,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.NaN
  };

  /** Calls of each kernel before a test reads its results; see {@link #warmUp}. */
  private static final int WARM_UP_CALLS = 3_000;

  private static final java.util.Set<Class<?>> WARMED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Runs every kernel of {@code layer} (eval and training forward, backward, and for a one-input
   * activation the array forms) until C2 has compiled it. The Vector API computes exp, log and tanh
   * with Java's Math in the interpreter but with the JIT's vector intrinsics in compiled code,
   * which may differ by an ulp: the tests must hold the compiled code to the bounds, as that is
   * what training runs.
   */
  static void warmUp(Layer layer, int width) {
    // compiled code belongs to the class: AccuracyTest, KernelAgreementTest and
    // TierDeterminismTest share one JVM, and a class warmed once stays compiled
    if (!WARMED.add(layer.getClass())) {
      return;
    }
    Tensor in = Tensor.zeros(1, width);
    for (int i = 0; i < width; i++) {
      in.data()[i] = -20f + 40f * i / width;
    }
    Tensor dy = Tensor.zeros(1, layer.build(new int[] {width})[0]).fill(1f);
    float[] out = new float[width];
    for (int k = 0; k < WARM_UP_CALLS; k++) {
      layer.forward(in, ForwardContext.EVAL);
      layer.forward(in, ForwardContext.training(k));
      layer.backward(dy);
      if (layer instanceof Activation) {
        ((Activation) layer).apply(in.data(), 0, out, 0, width);
        ((Activation) layer).gradient(in.data(), 0, out, 0, width);
      }
    }
  }

  /** All inputs, sorted by value with NaN last. */
  static float[] inputs() {
    return inputs(1);
  }

  /**
   * The sweep with only every {@code gridStep}-th grid point: two-input forms run it once per value
   * of the other input.
   */
  static float[] inputs(int gridStep) {
    float[] grid = new float[(GRID + gridStep - 1) / gridStep];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = (float) (-100 + 200.0 * i * gridStep / (GRID - 1));
    }
    // 8 mantissas in each binade 2^-149 .. 2^127, both signs.
    float[] binades = new float[277 * 8 * 2];
    int k = 0;
    for (int e = -149; e <= 127; e++) {
      for (int m = 0; m < 8; m++) {
        float v = Math.scalb(1f + m / 8f, e);
        binades[k++] = v;
        binades[k++] = -v;
      }
    }
    float[] near = new float[LANDMARKS.length * 64];
    k = 0;
    for (float landmark : LANDMARKS) {
      float v = landmark;
      for (int i = 0; i < 32; i++) {
        v = Math.nextDown(v);
      }
      for (int i = 0; i < 64; i++) {
        near[k++] = v;
        v = Math.nextUp(v);
      }
    }
    float[] all = concat(grid, binades, near, SPECIAL);
    Float[] boxed = IntStream.range(0, all.length).mapToObj(i -> all[i]).toArray(Float[]::new);
    Arrays.sort(boxed, Float::compare);
    float[] sorted = new float[boxed.length];
    for (int i = 0; i < boxed.length; i++) {
      sorted[i] = boxed[i];
    }
    return sorted;
  }

  private static float[] concat(float[]... parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] out = new float[n];
    int k = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, k, p.length);
      k += p.length;
    }
    return out;
  }
}
