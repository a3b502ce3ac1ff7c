package test;

import dev.rectify.kernel.UnaryKernel;
import dev.rectify.kernel.VectorConstants;
import dev.rectify.kernel.VectorMath;
import javax.annotation.processing.Generated;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@code silu}, run by {@link SiLULayer} in place of its scalar loops.
 *
 * <pre>
 * forward:  float lanes:  x * sigmoid(x)
 * backward: float lanes:  sigmoid(x) + x * (sigmoid(x) * sigmoid(-x))
 * </pre>
 *
 * <p>Float lanes ({@code VectorConstants.WIDE_FLOATS}: eight to an AVX2 register, sixteen with
 * AVX-512) where each function has a float form that gives the same bits compiled or interpreted
 * (exp, expm1, tanh, sigmoid, sqrt), reads an argument exact in float (or a product with a
 * parameter, held in two floats) and feeds no sum that could cancel (SiLU's derivative is taken as
 * sigmoid(u) (1 + u sigmoid(-u)), which does not); otherwise double lanes, widened on load and
 * rounded once to float on store. Either way the results stay within the scalar kernels' accuracy
 * bounds.
 *
 * <p>NOTE: loaded by name through {@code KernelProvider} only when {@code jdk.incubator.vector} is
 * enabled; no other class may refer to it.
 */
@Generated(
    value = "dev.rectify.processor.ActivationProcessor",
    comments = "vector kernels of silu"
)
final class SiLUVectorKernels implements UnaryKernel {
  SiLUVectorKernels() {
  }

  private FloatVector forwardLanes(FloatVector xv) {
    xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE));
    FloatVector t0 = VectorMath.exp(xv.abs().neg());
    return xv.mul(t0.blend(1f, xv.compare(VectorOperators.GE, 0f)).div(t0.add(1f)));
  }

  private FloatVector factorLanes(FloatVector xv) {
    xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE));
    FloatVector t0 = VectorMath.exp(xv.abs().neg());
    FloatVector t1u = xv.blend(Float.MAX_VALUE, xv.compare(VectorOperators.GT, Float.MAX_VALUE));
    FloatVector t1d = t0.add(1f);
    FloatVector t1FromRoot = t1u.sub(VectorMath.SWISH_ROOT_HI).sub(VectorMath.SWISH_ROOT_LO);
    FloatVector t1NearRoot = t1FromRoot.mul(t1FromRoot).fma(t1FromRoot.fma(1f / 720, 1f / 120)
        .fma(t1FromRoot, t1FromRoot.broadcast(1f / 24)).fma(t1FromRoot,
        t1FromRoot.broadcast(1f / 6)).fma(t1FromRoot, t1FromRoot.broadcast(0.5f)),
        t1FromRoot).fma(t1FromRoot.broadcast(VectorMath.SWISH_ROOT_EXP), t1FromRoot);
    FloatVector t1Negative = t1u.add(1f).add(t0).blend(0f, t0.compare(VectorOperators.EQ, 0f));
    FloatVector t1 = t1Negative.blend(t1NearRoot, t1FromRoot.abs().compare(VectorOperators.LT,
        0.25f)).blend(t1u.fma(t0, t1d), t1u.compare(VectorOperators.GE, 0f)).div(t1d);
    return t0.blend(1f, xv.compare(VectorOperators.GE, 0f)).div(t0.add(1f)).mul(t1);
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
    VectorSpecies<Float> s = VectorConstants.WIDE_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      factorLanes(FloatVector.fromArray(s, x, xOff + i)).intoArray(g, gOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      factorLanes(FloatVector.fromArray(s, x, xOff + i, m)).intoArray(g, gOff + i, m);
    }
  }

  @Override
  public void forwardFactor(float[] x, int xOff, float[] y, int yOff, float[] factor, int factorOff,
      int n) {
    VectorSpecies<Float> s = VectorConstants.WIDE_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      FloatVector xv = FloatVector.fromArray(s, x, xOff + i);
      xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE));
      FloatVector t0 = VectorMath.exp(xv.abs().neg());
      FloatVector t1 = t0.blend(1f, xv.compare(VectorOperators.GE, 0f)).div(t0.add(1f));
      FloatVector t2u = xv.blend(Float.MAX_VALUE, xv.compare(VectorOperators.GT, Float.MAX_VALUE));
      FloatVector t2d = t0.add(1f);
      FloatVector t2FromRoot = t2u.sub(VectorMath.SWISH_ROOT_HI).sub(VectorMath.SWISH_ROOT_LO);
      FloatVector t2NearRoot = t2FromRoot.mul(t2FromRoot).fma(t2FromRoot.fma(1f / 720, 1f / 120)
          .fma(t2FromRoot, t2FromRoot.broadcast(1f / 24)).fma(t2FromRoot,
          t2FromRoot.broadcast(1f / 6)).fma(t2FromRoot, t2FromRoot.broadcast(0.5f)),
          t2FromRoot).fma(t2FromRoot.broadcast(VectorMath.SWISH_ROOT_EXP), t2FromRoot);
      FloatVector t2Negative = t2u.add(1f).add(t0).blend(0f, t0.compare(VectorOperators.EQ, 0f));
      FloatVector t2 = t2Negative.blend(t2NearRoot, t2FromRoot.abs().compare(VectorOperators.LT,
          0.25f)).blend(t2u.fma(t0, t2d), t2u.compare(VectorOperators.GE, 0f)).div(t2d);
      t1.mul(t2).intoArray(factor, factorOff + i);
      xv.mul(t1).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      FloatVector xv = FloatVector.fromArray(s, x, xOff + i, m);
      xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE));
      FloatVector t0 = VectorMath.exp(xv.abs().neg());
      FloatVector t1 = t0.blend(1f, xv.compare(VectorOperators.GE, 0f)).div(t0.add(1f));
      FloatVector t2u = xv.blend(Float.MAX_VALUE, xv.compare(VectorOperators.GT, Float.MAX_VALUE));
      FloatVector t2d = t0.add(1f);
      FloatVector t2FromRoot = t2u.sub(VectorMath.SWISH_ROOT_HI).sub(VectorMath.SWISH_ROOT_LO);
      FloatVector t2NearRoot = t2FromRoot.mul(t2FromRoot).fma(t2FromRoot.fma(1f / 720, 1f / 120)
          .fma(t2FromRoot, t2FromRoot.broadcast(1f / 24)).fma(t2FromRoot,
          t2FromRoot.broadcast(1f / 6)).fma(t2FromRoot, t2FromRoot.broadcast(0.5f)),
          t2FromRoot).fma(t2FromRoot.broadcast(VectorMath.SWISH_ROOT_EXP), t2FromRoot);
      FloatVector t2Negative = t2u.add(1f).add(t0).blend(0f, t0.compare(VectorOperators.EQ, 0f));
      FloatVector t2 = t2Negative.blend(t2NearRoot, t2FromRoot.abs().compare(VectorOperators.LT,
          0.25f)).blend(t2u.fma(t0, t2d), t2u.compare(VectorOperators.GE, 0f)).div(t2d);
      t1.mul(t2).intoArray(factor, factorOff + i, m);
      xv.mul(t1).intoArray(y, yOff + i, m);
    }
  }
}
