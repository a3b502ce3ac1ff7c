package dev.rectify.samples.glorot2011;

import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.Layer;
import dev.rectify.tensor.Tensor;

/**
 * Multiplies the second half of the features by -1: Glorot et al.'s answer to the rectifier's
 * asymmetry, which lets the next layer receive negative inputs while the units stay rectified. It
 * sits after the activation, so sparsity and dead units are still measured on the rectifier's own
 * (non-negative) output.
 */
public final class NegatedHalf implements Layer {
  private Tensor output;
  private Tensor gradInput;

  @Override
  public String name() {
    return "negated-half";
  }

  @Override
  public int[] build(int[] sampleShape) {
    if (sampleShape.length != 1) {
      throw new IllegalArgumentException("negated-half needs flat features");
    }
    return sampleShape.clone();
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    output = flip(input, output);
    return output;
  }

  // y = x·s with s = +1 on the first half and -1 on the second, so dX = dY·s.
  @Override
  public Tensor backward(Tensor gradOutput) {
    gradInput = flip(gradOutput, gradInput);
    return gradInput;
  }

  private static Tensor flip(Tensor in, Tensor out) {
    if (out == null || !out.hasShape(in.shape())) {
      out = Tensor.zeros(in.shape());
    }
    int features = in.dim(1);
    int half = features / 2;
    float[] x = in.data();
    float[] y = out.data();
    for (int r = 0; r < in.dim(0); r++) {
      int off = r * features;
      for (int j = 0; j < features; j++) {
        y[off + j] = j < half ? x[off + j] : -x[off + j];
      }
    }
    return out;
  }
}
