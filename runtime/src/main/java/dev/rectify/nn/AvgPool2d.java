package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/**
 * Average pooling over {@code kernel × kernel} windows of a {@code [N, C, H, W]} batch, moved by
 * {@code stride} (default: the kernel), without padding.
 *
 * <pre>{@code
 * new AvgPool2d(2);   // [N, 32, 28, 28] -> [N, 32, 14, 14]
 * }</pre>
 */
public final class AvgPool2d implements Layer {
  private final Pool2d pool;
  private Tensor output;
  private Tensor gradInput;
  private int[] inputShape;

  /** Non-overlapping windows: stride = kernel. */
  public AvgPool2d(int kernel) {
    this(kernel, kernel);
  }

  public AvgPool2d(int kernel, int stride) {
    this.pool = new Pool2d("avgpool2d", kernel, stride);
  }

  @Override
  public String name() {
    return "avgpool2d";
  }

  @Override
  public int[] build(int[] sampleShape) {
    return pool.build(name(), sampleShape);
  }

  // y = (1 / k²) Σ over the window
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    pool.check(name(), x);
    int n = x.dim(0);
    inputShape = x.shape();
    output = Buffers.reuse(output, n, pool.channels, pool.outH, pool.outW);
    float[] in = x.data();
    float[] y = output.data();
    float inv = 1f / (pool.kernel * pool.kernel);
    int o = 0;
    for (int plane = 0; plane < n * pool.channels; plane++) {
      int base = plane * pool.height * pool.width;
      for (int oh = 0; oh < pool.outH; oh++) {
        for (int ow = 0; ow < pool.outW; ow++, o++) {
          float sum = 0f;
          for (int ki = 0; ki < pool.kernel; ki++) {
            int row = base + (oh * pool.stride + ki) * pool.width + ow * pool.stride;
            for (int kj = 0; kj < pool.kernel; kj++) {
              sum += in[row + kj];
            }
          }
          y[o] = sum * inv;
        }
      }
    }
    return output;
  }

  // dX[window] += dY / k²
  @Override
  public Tensor backward(Tensor gradOutput) {
    gradInput = Buffers.reuse(gradInput, inputShape);
    gradInput.fill(0f);
    float[] dy = gradOutput.data();
    float[] dx = gradInput.data();
    float inv = 1f / (pool.kernel * pool.kernel);
    int o = 0;
    for (int plane = 0; plane < inputShape[0] * pool.channels; plane++) {
      int base = plane * pool.height * pool.width;
      for (int oh = 0; oh < pool.outH; oh++) {
        for (int ow = 0; ow < pool.outW; ow++, o++) {
          float g = dy[o] * inv;
          for (int ki = 0; ki < pool.kernel; ki++) {
            int row = base + (oh * pool.stride + ki) * pool.width + ow * pool.stride;
            for (int kj = 0; kj < pool.kernel; kj++) {
              dx[row + kj] += g;
            }
          }
        }
      }
    }
    return gradInput;
  }

  @Override
  public String toString() {
    return "AvgPool2d(" + pool.kernel + ", stride " + pool.stride + ")";
  }
}
