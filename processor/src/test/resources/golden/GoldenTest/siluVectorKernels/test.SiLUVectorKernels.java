package test;

import dev.rectify.kernel.UnaryKernel;
import dev.rectify.kernel.VectorConstants;
import dev.rectify.kernel.VectorMath;
import javax.annotation.processing.Generated;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@code silu}, run by {@link SiLULayer} in place of its scalar loops.
 *
 * <pre>
 * forward:  float lanes:  x * sigmoid(x)
 * backward: double lanes: sigmoid(x) + x * (sigmoid(x) * sigmoid(-x))
 * </pre>
 *
 * <p>Float lanes ({@code VectorConstants.WIDE_FLOATS}: eight to an AVX2 register, sixteen with AVX-512) where each function has a float form that gives
 * the same bits compiled or interpreted (exp, expm1, tanh, sigmoid, sqrt), reads an
 * argument exact in float and feeds no sum that could cancel; otherwise double lanes,
 * widened on load and rounded once to float on store. Either way the results stay within
 * the scalar kernels' accuracy bounds.
 *
 * <p>NOTE: loaded by name through {@code KernelProvider} only when {@code jdk.incubator.vector} is
 * enabled; no other class may refer to it.
 */
@Generated(
    value = "dev.rectify.processor.ActivationProcessor",
    comments = "vector kernels of silu"
)
final class SiLUVectorKernels implements UnaryKernel {
  /**
   * As in {@link SiLULayer}: infinite inputs are clamped where they would give inf * 0.
   */
  private static final double INPUT_LIMIT = 0x1p128;

  SiLUVectorKernels() {
  }

  private FloatVector forwardLanes(FloatVector xv) {
    xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE));
    FloatVector t0 = VectorMath.exp(xv.abs().neg());
    return xv.mul(t0.blend(1f, xv.compare(VectorOperators.GE, 0f)).div(t0.add(1f)));
  }

  private DoubleVector factorLanes(DoubleVector xv) {
    xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT, xv.compare(VectorOperators.GT, INPUT_LIMIT));
    DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
    DoubleVector t1 = t0.add(1.0);
    DoubleVector t2 = t0.blend(1.0, xv.compare(VectorOperators.GE, 0.0)).div(t1);
    return t2.add(xv.mul(t2.mul(t0.blend(1.0, xv.neg().compare(VectorOperators.GE, 0.0)).div(t1))));
  }

  @Override
  public void forward(float[] x, int xOff, float[] y, int yOff, int n) {
    VectorSpecies<Float> s = VectorConstants.WIDE_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      forwardLanes(FloatVector.fromArray(s, x, xOff + i)).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      forwardLanes(FloatVector.fromArray(s, x, xOff + i, m)).intoArray(y, yOff + i, m);
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
      xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT, xv.compare(VectorOperators.GT, INPUT_LIMIT));
      DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector t1 = t0.add(1.0);
      DoubleVector t2 = t0.blend(1.0, xv.compare(VectorOperators.GE, 0.0)).div(t1);
      VectorMath.narrow(t2.add(xv.mul(t2.mul(t0.blend(1.0, xv.neg().compare(VectorOperators.GE, 0.0)).div(t1))))).intoArray(factor, factorOff + i);
      VectorMath.narrow(xv.mul(t2)).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      DoubleVector xv = VectorMath.widen(x, xOff + i, m);
      xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT, xv.compare(VectorOperators.GT, INPUT_LIMIT));
      DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector t1 = t0.add(1.0);
      DoubleVector t2 = t0.blend(1.0, xv.compare(VectorOperators.GE, 0.0)).div(t1);
      VectorMath.narrow(t2.add(xv.mul(t2.mul(t0.blend(1.0, xv.neg().compare(VectorOperators.GE, 0.0)).div(t1))))).intoArray(factor, factorOff + i, m);
      VectorMath.narrow(xv.mul(t2)).intoArray(y, yOff + i, m);
    }
  }
}
