package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/** Layers allocate their buffers once per shape; this is the one place that decides. */
final class Buffers {
  private Buffers() {}

  /** {@code buffer} if it already has {@code shape}, else a new zero tensor of that shape. */
  static Tensor reuse(Tensor buffer, int... shape) {
    return buffer != null && buffer.hasShape(shape) ? buffer : Tensor.zeros(shape);
  }

  /** The batch shape {@code [n, sample...]}. */
  static int[] batchShape(int n, int[] sample) {
    int[] shape = new int[sample.length + 1];
    shape[0] = n;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return shape;
  }
}
