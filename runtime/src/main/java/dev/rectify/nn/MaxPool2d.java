package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/**
 * Max pooling over {@code kernel × kernel} windows of a {@code [N, C, H, W]} batch, moved by {@code
 * stride} (default: the kernel, non-overlapping), without padding. Backward routes each gradient to
 * the first maximum of its window, whose index forward keeps.
 *
 * <pre>{@code
 * new MaxPool2d(2);   // [N, 32, 28, 28] -> [N, 32, 14, 14]
 * }</pre>
 */
public final class MaxPool2d implements Layer {
  private final Pool2d pool;
  private Tensor output;
  private Tensor gradInput;
  private int[] argmax = new int[0];
  private int[] inputShape;

  /** Non-overlapping windows: stride = kernel. */
  public MaxPool2d(int kernel) {
    this(kernel, kernel);
  }

  public MaxPool2d(int kernel, int stride) {
    this.pool = new Pool2d("maxpool2d", kernel, stride);
  }

  @Override
  public String name() {
    return "maxpool2d";
  }

  @Override
  public int[] build(int[] sampleShape) {
    return pool.build(name(), sampleShape);
  }

  // y = max over the window; argmax kept for backward
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    pool.check(name(), x);
    int n = x.dim(0);
    inputShape = x.shape();
    output = Buffers.reuse(output, n, pool.channels, pool.outH, pool.outW);
    if (argmax.length != output.size()) {
      argmax = new int[output.size()];
    }
    float[] in = x.data();
    float[] y = output.data();
    int o = 0;
    for (int plane = 0; plane < n * pool.channels; plane++) {
      int base = plane * pool.height * pool.width;
      for (int oh = 0; oh < pool.outH; oh++) {
        for (int ow = 0; ow < pool.outW; ow++, o++) {
          int best = base + oh * pool.stride * pool.width + ow * pool.stride;
          for (int ki = 0; ki < pool.kernel; ki++) {
            int row = base + (oh * pool.stride + ki) * pool.width + ow * pool.stride;
            for (int kj = 0; kj < pool.kernel; kj++) {
              if (in[row + kj] > in[best]) {
                best = row + kj;
              }
            }
          }
          argmax[o] = best;
          y[o] = in[best];
        }
      }
    }
    return output;
  }

  // dX[argmax] += dY
  @Override
  public Tensor backward(Tensor gradOutput) {
    gradInput = Buffers.reuse(gradInput, inputShape);
    gradInput.fill(0f);
    float[] dy = gradOutput.data();
    float[] dx = gradInput.data();
    for (int o = 0; o < dy.length; o++) {
      dx[argmax[o]] += dy[o];
    }
    return gradInput;
  }

  @Override
  public String toString() {
    return "MaxPool2d(" + pool.kernel + ", stride " + pool.stride + ")";
  }
}
