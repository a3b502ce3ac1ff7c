package dev.rectify.activations;

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
