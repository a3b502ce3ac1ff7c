package dev.rectify.nn;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;

/**
 * The mean of each channel over all positions: {@code [N, C, H, W] -> [N, C]}, the usual bridge
 * from convolutions to a classifier.
 */
public final class GlobalAvgPool implements Layer {
  private Tensor output;
  private Tensor gradInput;
  private int[] inputShape;

  @Override
  public String name() {
    return "globalavgpool";
  }

  @Override
  public int[] build(int[] sampleShape) {
    if (sampleShape.length < 2) {
      throw new IllegalArgumentException(
          "globalavgpool needs samples [C, H, W...], got " + Arrays.toString(sampleShape));
    }
    return new int[] {sampleShape[0]};
  }

  // y[n][c] = mean of x[n][c][·]
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    if (x.rank() < 3) {
      throw new IllegalArgumentException("globalavgpool needs input [N, C, H, W...], got " + x);
    }
    inputShape = x.shape();
    int planes = x.dim(0) * x.dim(1);
    int area = planes == 0 ? 0 : x.size() / planes;
    output = Buffers.reuse(output, x.dim(0), x.dim(1));
    float[] in = x.data();
    float[] y = output.data();
    for (int plane = 0; plane < planes; plane++) {
      float sum = 0f;
      for (int i = plane * area; i < (plane + 1) * area; i++) {
        sum += in[i];
      }
      y[plane] = sum / area;
    }
    return output;
  }

  // dX[n][c][·] = dY[n][c] / area
  @Override
  public Tensor backward(Tensor gradOutput) {
    gradInput = Buffers.reuse(gradInput, inputShape);
    int planes = inputShape[0] * inputShape[1];
    int area = planes == 0 ? 0 : gradInput.size() / planes;
    float[] dy = gradOutput.data();
    float[] dx = gradInput.data();
    for (int plane = 0; plane < planes; plane++) {
      Arrays.fill(dx, plane * area, (plane + 1) * area, dy[plane] / area);
    }
    return gradInput;
  }
}
