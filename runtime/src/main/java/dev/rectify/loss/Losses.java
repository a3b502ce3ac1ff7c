package dev.rectify.loss;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;

/** Argument checks shared by the losses, so that every loss rejects bad input the same way. */
final class Losses {
  private Losses() {}

  /** Checks that {@code output} is {@code [N, C]} with N = labels.length, and every label < C. */
  static void checkBatch(String loss, Tensor output, int[] labels) {
    if (output.rank() != 2 || output.dim(0) != labels.length) {
      throw new IllegalArgumentException(
          loss
              + ": expected output [N, C] with N = "
              + labels.length
              + " labels, got "
              + Arrays.toString(output.shape()));
    }
    int classes = output.dim(1);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            loss + ": label " + labels[i] + " of sample " + i + " is not in [0, " + classes + ")");
      }
    }
  }

  /** {@code buffer} if it already has {@code shape}, else a new zero tensor of that shape. */
  static Tensor reuse(Tensor buffer, int[] shape) {
    return buffer != null && buffer.hasShape(shape) ? buffer : Tensor.zeros(shape);
  }
}
