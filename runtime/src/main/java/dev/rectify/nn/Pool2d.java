package dev.rectify.nn;

import java.util.Arrays;

/** Window geometry shared by {@link MaxPool2d} and {@link AvgPool2d}: no padding, floor mode. */
final class Pool2d {
  final int kernel;
  final int stride;
  int channels;
  int height;
  int width;
  int outH;
  int outW;

  Pool2d(String name, int kernel, int stride) {
    if (kernel <= 0 || stride <= 0) {
      throw new IllegalArgumentException(
          name + " needs a positive kernel and stride, got " + kernel + " and " + stride);
    }
    this.kernel = kernel;
    this.stride = stride;
  }

  int[] build(String name, int[] sampleShape) {
    if (sampleShape.length != 3 || sampleShape[1] < kernel || sampleShape[2] < kernel) {
      throw new IllegalArgumentException(
          name
              + "("
              + kernel
              + ") needs samples [C, H, W] of at least "
              + kernel
              + "×"
              + kernel
              + ", got "
              + Arrays.toString(sampleShape));
    }
    channels = sampleShape[0];
    height = sampleShape[1];
    width = sampleShape[2];
    outH = (height - kernel) / stride + 1;
    outW = (width - kernel) / stride + 1;
    return new int[] {channels, outH, outW};
  }

  void check(String name, dev.rectify.tensor.Tensor x) {
    if (x.rank() != 4 || !x.hasShape(x.dim(0), channels, height, width)) {
      throw new IllegalArgumentException(
          name + " needs input [N, " + channels + ", " + height + ", " + width + "], got " + x);
    }
  }
}
