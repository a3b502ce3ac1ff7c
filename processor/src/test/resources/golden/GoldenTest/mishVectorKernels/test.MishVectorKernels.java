package test;

import dev.rectify.kernel.UnaryKernel;
import dev.rectify.kernel.VectorConstants;
import dev.rectify.kernel.VectorMath;
import javax.annotation.processing.Generated;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@code mish}, run by {@link MishLayer} in place of its scalar loops.
 *
 * <pre>
 * forward:  double lanes: x * tanh(softplus(x))
 * backward: double lanes: tanh(softplus(x)) + x * (4 * (sigmoid(-(2 * softplus(x))) * sigmoid(2 *
 *           softplus(x))) * sigmoid(x))
 * </pre>
 *
 * <p>Float lanes ({@code VectorConstants.FLOATS}: eight, at most 256 bits) where each function has
 * a float form that gives the same bits compiled or interpreted (exp, expm1, tanh, sigmoid, sqrt),
 * reads an argument exact in float (or a product with a parameter, held in two floats) and feeds no
 * sum that could cancel (SiLU's derivative is taken as sigmoid(u) (1 + u sigmoid(-u)), which does
 * not); otherwise double lanes, widened on load and rounded once to float on store. Either way the
 * results stay within the scalar kernels' accuracy bounds.
 *
 * <p>NOTE: loaded by name through {@code KernelProvider} only when {@code jdk.incubator.vector} is
 * enabled; no other class may refer to it.
 */
@Generated(
    value = "dev.rectify.processor.ActivationProcessor",
    comments = "vector kernels of mish"
)
final class MishVectorKernels implements UnaryKernel {
  /**
   * As in {@link MishLayer}: infinite inputs are clamped where they would give inf * 0.
   */
  private static final double INPUT_LIMIT = 0x1p128;

  MishVectorKernels() {
  }

  private DoubleVector forwardLanes(DoubleVector xv) {
    xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT));
    DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
    DoubleVector t1 = t0.mul(t0.add(2.0)).blend(t0.mul(2.0).add(1.0), xv.compare(VectorOperators.GE,
        0.0));
    return xv.mul(t1.div(t1.add(DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0)
        .blend(t0.mul(t0), xv.compare(VectorOperators.GE, 0.0)).mul(2.0))));
  }

  private DoubleVector factorLanes(DoubleVector xv) {
    xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT,
        xv.compare(VectorOperators.GT, INPUT_LIMIT));
    DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
    DoubleVector t1 = t0.mul(t0.add(2.0)).blend(t0.mul(2.0).add(1.0), xv.compare(VectorOperators.GE,
        0.0));
    DoubleVector t2 = DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).blend(t0.mul(t0),
        xv.compare(VectorOperators.GE, 0.0));
    DoubleVector t3 = t1.add(t2.mul(2.0));
    return t1.div(t3).add(xv.mul(t2.div(t3).mul(t1.add(t2).div(t3)).mul(4.0).mul(t0.blend(1.0,
        xv.compare(VectorOperators.GE, 0.0)).div(t0.add(1.0)))));
  }

  @Override
  public void forward(float[] x, int xOff, float[] y, int yOff, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      VectorMath.narrow(forwardLanes(VectorMath.widen(x, xOff + i))).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      VectorMath.narrow(forwardLanes(VectorMath.widen(x, xOff + i, m))).intoArray(y, yOff + i, m);
    }
  }

  @Override
  public void gradient(float[] x, int xOff, float[] g, int gOff, int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      VectorMath.narrow(factorLanes(VectorMath.widen(x, xOff + i))).intoArray(g, gOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      VectorMath.narrow(factorLanes(VectorMath.widen(x, xOff + i, m))).intoArray(g, gOff + i, m);
    }
  }

  @Override
  public void forwardFactor(float[] x, int xOff, float[] y, int yOff, float[] factor, int factorOff,
      int n) {
    VectorSpecies<Float> s = VectorConstants.HALF_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      DoubleVector xv = VectorMath.widen(x, xOff + i);
      xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT,
          xv.compare(VectorOperators.GT, INPUT_LIMIT));
      DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector t1 = t0.mul(t0.add(2.0)).blend(t0.mul(2.0).add(1.0),
          xv.compare(VectorOperators.GE, 0.0));
      DoubleVector t2 = DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).blend(t0.mul(t0),
          xv.compare(VectorOperators.GE, 0.0));
      DoubleVector t3 = t1.add(t2.mul(2.0));
      DoubleVector t4 = t1.div(t3);
      VectorMath.narrow(t4.add(xv.mul(t2.div(t3).mul(t1.add(t2).div(t3)).mul(4.0).mul(t0.blend(1.0,
          xv.compare(VectorOperators.GE, 0.0)).div(t0.add(1.0)))))).intoArray(factor,
          factorOff + i);
      VectorMath.narrow(xv.mul(t4)).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      DoubleVector xv = VectorMath.widen(x, xOff + i, m);
      xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT,
          xv.compare(VectorOperators.GT, INPUT_LIMIT));
      DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector t1 = t0.mul(t0.add(2.0)).blend(t0.mul(2.0).add(1.0),
          xv.compare(VectorOperators.GE, 0.0));
      DoubleVector t2 = DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).blend(t0.mul(t0),
          xv.compare(VectorOperators.GE, 0.0));
      DoubleVector t3 = t1.add(t2.mul(2.0));
      DoubleVector t4 = t1.div(t3);
      VectorMath.narrow(t4.add(xv.mul(t2.div(t3).mul(t1.add(t2).div(t3)).mul(4.0).mul(t0.blend(1.0,
          xv.compare(VectorOperators.GE, 0.0)).div(t0.add(1.0)))))).intoArray(factor,
          factorOff + i, m);
      VectorMath.narrow(xv.mul(t4)).intoArray(y, yOff + i, m);
    }
  }
}
