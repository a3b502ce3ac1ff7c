package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/**
 * {@code [N, d1, d2, ...] -> [N, d1·d2·...]}, without copying: the output shares the input's data
 * (row-major order makes a sample's elements contiguous already).
 */
public final class Flatten implements Layer {
  private int[] inputShape;
  private int features = -1;

  @Override
  public String name() {
    return "flatten";
  }

  @Override
  public int[] build(int[] sampleShape) {
    features = (int) Tensor.sizeOf(sampleShape);
    return new int[] {features};
  }

  // y = reshape(x)
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    inputShape = x.shape();
    int n = x.dim(0);
    return x.reshape(n, n == 0 ? Math.max(features, 0) : x.size() / n);
  }

  // dX = reshape(dY)
  @Override
  public Tensor backward(Tensor gradOutput) {
    return gradOutput.reshape(inputShape);
  }
}
