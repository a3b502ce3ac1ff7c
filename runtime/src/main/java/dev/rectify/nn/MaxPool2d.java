package dev.rectify.nn;

import dev.rectify.gemm.GemmPool;
import dev.rectify.math.Branchless;
import dev.rectify.tensor.Tensor;
import java.util.Arrays;

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
    int planes = n * pool.channels;
    forEachPlaneBlock(planes, (from, to) -> forwardPlanes(in, y, from, to));
    return output;
  }

  /**
   * Planes {@code [from, to)}: each window's first maximum, as {@code if (v > max)} over the window
   * in order would find it, but with selects instead of jumps: after a ReLU the comparisons go
   * either way at random, and jumps would mispredict on half of them.
   */
  private void forwardPlanes(float[] in, float[] y, int from, int to) {
    int kernel = pool.kernel;
    int stride = pool.stride;
    int width = pool.width;
    int outH = pool.outH;
    int outW = pool.outW;
    int planeSize = pool.height * width;
    for (int plane = from; plane < to; plane++) {
      int base = plane * planeSize;
      int o = plane * outH * outW;
      for (int oh = 0; oh < outH; oh++) {
        for (int ow = 0; ow < outW; ow++, o++) {
          int best = base + oh * stride * width + ow * stride;
          float max = in[best];
          for (int ki = 0; ki < kernel; ki++) {
            int row = base + (oh * stride + ki) * width + ow * stride;
            for (int kj = 0; kj < kernel; kj++) {
              float v = in[row + kj];
              int greater = Branchless.greater(v, max);
              best = Branchless.select(greater, row + kj, best);
              max = Branchless.select(greater, v, max);
            }
          }
          argmax[o] = best;
          y[o] = max;
        }
      }
    }
  }

  // dX[argmax] += dY
  @Override
  public Tensor backward(Tensor gradOutput) {
    gradInput = Buffers.reuse(gradInput, inputShape);
    float[] dy = gradOutput.data();
    float[] dx = gradInput.data();
    int planeIn = pool.height * pool.width;
    int planeOut = pool.outH * pool.outW;
    // a window's argmax lies in its own plane, so planes are independent; within one, overlapping
    // windows (stride < kernel) add to a shared input in the order of o, whatever the threads
    forEachPlaneBlock(
        inputShape[0] * pool.channels,
        (from, to) -> {
          Arrays.fill(dx, from * planeIn, to * planeIn, 0f);
          for (int o = from * planeOut; o < to * planeOut; o++) {
            dx[argmax[o]] += dy[o];
          }
        });
    return gradInput;
  }

  /** Runs {@code body} on blocks of whole planes, on the GEMM threads when there is enough work. */
  private void forEachPlaneBlock(int planes, GemmPool.Range body) {
    GemmPool threads = GemmPool.common();
    long inputs = (long) planes * pool.height * pool.width;
    int parts = inputs < MIN_PARALLEL_INPUTS ? 1 : Math.min(threads.threads(), planes);
    threads.parallelForRanges(planes, parts, body);
  }

  /**
   * Below this many input values the pooling runs on the calling thread: some tens of microseconds
   * of work, about what handing it out costs.
   */
  private static final int MIN_PARALLEL_INPUTS = 1 << 15;

  @Override
  public String toString() {
    return "MaxPool2d(" + pool.kernel + ", stride " + pool.stride + ")";
  }
}
