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
 * The Vector API kernels of {@code gelu}, run by {@link GELULayer} in place of its scalar loops.
 *
 * <pre>
 * forward:  double lanes: x * ndtr(x)
 * backward: double lanes: ndtr(x) + x * npdf(x)
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
    comments = "vector kernels of gelu"
)
final class GELUVectorKernels implements UnaryKernel {
  GELUVectorKernels() {
  }

  private DoubleVector forwardLanes(DoubleVector xv) {
    DoubleVector t0 = xv.abs();
    DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
    DoubleVector t2 = t1.mul(t1).mul(0.5).neg().lanewise(VectorOperators.EXP)
        .mul(VectorMath.mills(t1));
    return xv.mul(DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).sub(t2))
        .blend(t1.mul(t2).neg(), xv.compare(VectorOperators.LT, 0.0));
  }

  private DoubleVector factorLanes(DoubleVector xv) {
    DoubleVector t0 = xv.abs();
    DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
    DoubleVector t2 = t1.mul(t1).mul(0.5).neg().lanewise(VectorOperators.EXP)
        .mul(VectorMath.mills(t1).sub(t1.mul(0.3989422804014327)));
    return DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).sub(t2).blend(t2,
        xv.compare(VectorOperators.LT, 0.0));
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
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector t2 = t1.mul(t1).mul(0.5).neg().lanewise(VectorOperators.EXP);
      DoubleVector t3 = VectorMath.mills(t1);
      DoubleVector t4 = t2.mul(t3);
      DoubleVector t5 = t2.mul(t3.sub(t1.mul(0.3989422804014327)));
      VectorMath.narrow(DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).sub(t5).blend(t5,
          xv.compare(VectorOperators.LT, 0.0))).intoArray(factor, factorOff + i);
      VectorMath.narrow(xv.mul(DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).sub(t4))
          .blend(t1.mul(t4).neg(), xv.compare(VectorOperators.LT, 0.0))).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      DoubleVector xv = VectorMath.widen(x, xOff + i, m);
      DoubleVector t0 = xv.abs();
      DoubleVector t1 = t0.blend(40.0, t0.compare(VectorOperators.GT, 40.0));
      DoubleVector t2 = t1.mul(t1).mul(0.5).neg().lanewise(VectorOperators.EXP);
      DoubleVector t3 = VectorMath.mills(t1);
      DoubleVector t4 = t2.mul(t3);
      DoubleVector t5 = t2.mul(t3.sub(t1.mul(0.3989422804014327)));
      VectorMath.narrow(DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).sub(t5).blend(t5,
          xv.compare(VectorOperators.LT, 0.0))).intoArray(factor, factorOff + i, m);
      VectorMath.narrow(xv.mul(DoubleVector.broadcast(VectorConstants.DOUBLES, 1.0).sub(t4))
          .blend(t1.mul(t4).neg(), xv.compare(VectorOperators.LT, 0.0))).intoArray(y, yOff + i, m);
    }
  }
}
