package dev.rectify.nn;

import dev.rectify.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A skip connection around a block: {@code y = x + inner(x)} (He et al. 2016). The block must keep
 * the shape; it is usually a {@link Sequential} built for the same sample shape.
 *
 * <pre>{@code
 * Residual block = new Residual(Sequential.of(new int[] {64}, new Dense(64, 64, 1L), relu,
 *     new Dense(64, 64, 2L)));
 * }</pre>
 */
public final class Residual implements Layer {
  private final Layer inner;
  private Tensor output;
  private Tensor gradInput;

  public Residual(Layer inner) {
    this.inner = inner;
  }

  @Override
  public String name() {
    return "residual";
  }

  /** The wrapped block. */
  public Layer inner() {
    return inner;
  }

  @Override
  public int[] build(int[] sampleShape) {
    int[] out = inner.build(sampleShape);
    if (!Arrays.equals(out, sampleShape)) {
      throw new IllegalArgumentException(
          "residual: the inner block maps "
              + Arrays.toString(sampleShape)
              + " to "
              + Arrays.toString(out)
              + "; a skip connection needs the same shape");
    }
    return out;
  }

  @Override
  public List<Parameter> parameters() {
    return inner.parameters();
  }

  // y = x + inner(x)
  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    Tensor f = inner.forward(x, context);
    output = Buffers.reuse(output, x.shape());
    float[] a = x.data();
    float[] b = f.data();
    float[] y = output.data();
    for (int i = 0; i < y.length; i++) {
      y[i] = a[i] + b[i];
    }
    return output;
  }

  // dX = dY + inner'(dY)
  @Override
  public Tensor backward(Tensor gradOutput) {
    Tensor g = inner.backward(gradOutput);
    gradInput = Buffers.reuse(gradInput, gradOutput.shape());
    float[] a = gradOutput.data();
    float[] b = g.data();
    float[] dx = gradInput.data();
    for (int i = 0; i < dx.length; i++) {
      dx[i] = a[i] + b[i];
    }
    return gradInput;
  }

  @Override
  public String toString() {
    return "Residual(" + inner + ")";
  }
}
