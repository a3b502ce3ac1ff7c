package dev.rectify.kernel;

/**
 * The array kernels of a gated activation f(a, b), as the processor generates them on the Vector
 * API; {@code GatedActivationLayer} runs them in place of its scalar loops.
 */
public interface GatedKernel {

  /** {@code y = f(a, b)} for {@code n} elements. */
  void forward(float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n);

  /** {@code da = dy * df/da} and {@code db = dy * df/db} for {@code n} elements. */
  void backward(
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
}
