package dev.rectify.nn;

import dev.rectify.kernel.GatedKernel;
import dev.rectify.tensor.Tensor;
import java.util.List;

/**
 * The base class of every generated gated (two-input) activation layer. The input's last dimension,
 * of even size {@code 2h}, is split into halves {@code a | b}; the output has last dimension {@code
 * h}: {@code y = f(a, b)}. Backward keeps a reference to the input.
 *
 * <p>As for {@link UnaryActivationLayer}, a generated Vector API kernel handed to {@link
 * #vectorKernel(GatedKernel)} replaces the subclass's scalar loops; {@link #scalarKernels()}
 * switches back.
 */
public abstract class GatedActivationLayer implements GatedActivation, Layer {
  private Tensor input;
  private Tensor output;
  private Tensor gradInput;
  private GatedKernel vector; // null: the subclass's scalar loops

  /** y = f(a, b) for {@code n} elements. */
  protected abstract void forwardEval(
      float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n);

  /** da = dy * df/da and db = dy * df/db for {@code n} elements. */
  protected abstract void backward(
      float[] dy,
      int dyOff,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] da,
      int daOff,
      float[] db,
      int dbOff,
      int n);

  /** Makes this layer run {@code kernel} in place of its scalar loops; null keeps the loops. */
  protected final void vectorKernel(GatedKernel kernel) {
    this.vector = kernel;
  }

  /** Makes this layer run its scalar loops even where the Vector API is enabled. */
  public final GatedActivationLayer scalarKernels() {
    this.vector = null;
    return this;
  }

  /** Whether this layer runs a Vector API kernel. */
  public final boolean vectorized() {
    return vector != null;
  }

  @Override
  public int[] build(int[] sampleShape) {
    int last = sampleShape.length == 0 ? 0 : sampleShape[sampleShape.length - 1];
    if (last == 0 || last % 2 != 0) {
      throw new IllegalArgumentException(
          name()
              + ": the last dimension must be even and positive to split into a | b, got "
              + last);
    }
    int[] out = sampleShape.clone();
    out[out.length - 1] = last / 2;
    return out;
  }

  @Override
  public final Tensor forward(Tensor in, ForwardContext context) {
    int last = in.dim(-1);
    if (last % 2 != 0) {
      throw new IllegalArgumentException(name() + ": odd last dimension " + last);
    }
    int[] shape = in.shape();
    shape[shape.length - 1] = last / 2;
    if (output == null || !output.hasShape(shape)) {
      output = Tensor.zeros(shape);
    }
    int h = last / 2;
    int rows = in.size() / last;
    float[] x = in.data();
    for (int r = 0; r < rows; r++) {
      if (vector != null) {
        vector.forward(x, r * last, x, r * last + h, output.data(), r * h, h);
      } else {
        forwardEval(x, r * last, x, r * last + h, output.data(), r * h, h);
      }
    }
    this.input = in;
    return output;
  }

  @Override
  public final Tensor backward(Tensor gradOutput) {
    if (gradInput == null || !gradInput.hasShape(input.shape())) {
      gradInput = Tensor.zeros(input.shape());
    }
    int last = input.dim(-1);
    int h = last / 2;
    int rows = input.size() / last;
    float[] x = input.data();
    float[] dx = gradInput.data();
    for (int r = 0; r < rows; r++) {
      int off = r * last;
      if (vector != null) {
        vector.backward(gradOutput.data(), r * h, x, off, x, off + h, dx, off, dx, off + h, h);
      } else {
        backward(gradOutput.data(), r * h, x, off, x, off + h, dx, off, dx, off + h, h);
      }
    }
    return gradInput;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public String toString() {
    return name();
  }
}
