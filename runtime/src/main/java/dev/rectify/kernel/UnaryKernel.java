package dev.rectify.kernel;

/**
 * The array kernels of a one-input activation, as the processor generates them on the Vector API
 * ({@code <Type>VectorKernels}, loaded by {@link KernelProvider}). {@code UnaryActivationLayer}
 * runs them in place of its scalar loops; each method computes what the scalar loop of the same
 * name computes, within the activation's accuracy bounds. Arrays may alias where the scalar loops
 * allow it ({@code y} may be {@code x}, {@code dz} may be {@code dy}).
 *
 * <p>Only the methods that the activation's {@link dev.rectify.nn.BackwardStorage} needs are
 * generated; the others keep the default, which throws.
 */
public interface UnaryKernel {

  /** {@code y = f(x)} in evaluation mode, for {@code n} elements. */
  void forward(float[] x, int xOff, float[] y, int yOff, int n);

  /** {@code g = backward factor at x} in evaluation mode. */
  void gradient(float[] x, int xOff, float[] g, int gOff, int n);

  /** {@code dz = dy * factor}, with the input or output (by storage) read from {@code saved}. */
  default void backward(
      float[] dy, int dyOff, float[] saved, int savedOff, float[] dz, int dzOff, int n) {
    throw new UnsupportedOperationException("backward from a stored input or output");
  }

  /**
   * {@code y = f(x)} and one mask bit per element from bit {@code maskBit} (a multiple of 64) on;
   * the words written hold exactly these elements.
   */
  default void forwardMask(
      float[] x, int xOff, float[] y, int yOff, int n, long[] mask, int maskBit) {
    throw new UnsupportedOperationException("mask storage");
  }

  /** {@code dz = dy * (mask bit ? on : off)}, the two factors being the layer's constants. */
  default void backwardMask(
      float[] dy, int dyOff, long[] mask, int maskBit, float[] dz, int dzOff, int n) {
    throw new UnsupportedOperationException("mask storage");
  }

  /**
   * {@code y = f(x)}, and the backward factor at x rounded to bfloat16 ({@link Bf16#round}) into
   * {@code factor}.
   */
  default void forwardFactor(
      float[] x, int xOff, float[] y, int yOff, short[] factor, int factorOff, int n) {
    throw new UnsupportedOperationException("bfloat16 factor storage");
  }

  /**
   * {@code y = f(x)}, and the backward factor at x, rounded to float, into {@code factor}: the
   * forward of float factor storage (its backward, dz = dy * factor, is the layer's own).
   */
  default void forwardFactor(
      float[] x, int xOff, float[] y, int yOff, float[] factor, int factorOff, int n) {
    throw new UnsupportedOperationException("float factor storage");
  }

  /** {@code dz = dy * widen(factor)}: the backward of bfloat16 factor storage. */
  default void backwardFactor(
      float[] dy, int dyOff, short[] factor, int factorOff, float[] dz, int dzOff, int n) {
    throw new UnsupportedOperationException("bfloat16 factor storage");
  }
}
