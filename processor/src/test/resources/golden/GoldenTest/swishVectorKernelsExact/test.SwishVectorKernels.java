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
 * The Vector API kernels of {@code swish}, run by {@link SwishLayer} in place of its scalar loops.
 *
 * <pre>
 * forward:  float lanes:  x * sigmoid(beta * x)
 * backward: float lanes:  sigmoid(beta * x) + x * (sigmoid(beta * x) * sigmoid(-(beta * x)) * beta)
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
    comments = "vector kernels of swish"
)
final class SwishVectorKernels implements UnaryKernel {
  private final double beta;

  SwishVectorKernels(double beta) {
    this.beta = beta;
  }

  private FloatVector forwardLanes(FloatVector xv) {
    float xFloor = this.beta >= 0 ? -Float.MAX_VALUE : Float.NEGATIVE_INFINITY;
    float xCeiling = this.beta < 0 ? Float.MAX_VALUE : Float.POSITIVE_INFINITY;
    xv = xv.blend(xFloor, xv.compare(VectorOperators.LT, xFloor)).blend(xCeiling,
        xv.compare(VectorOperators.GT, xCeiling));
    float beta = (float) this.beta;
    float betaLo = (float) (this.beta - beta);
    FloatVector t0 = xv.mul(beta);
    FloatVector t1 = t0.abs().neg();
    FloatVector t2Hi = VectorMath.exp(t1);
    FloatVector t0Lo = xv.fma(FloatVector.broadcast(VectorConstants.WIDE_FLOATS, beta), t0.neg())
        .add(xv.mul(betaLo)).blend(0f, t0.abs().compare(VectorOperators.GT, Float.MAX_VALUE));
    FloatVector t2 = t2Hi.fma(t0Lo.reinterpretAsInts().lanewise(VectorOperators.XOR,
        t0.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats().neg(), t2Hi);
    return xv.mul(t2.blend(1f, t0.compare(VectorOperators.GE, 0f)).div(t2.add(1f)));
  }

  private FloatVector factorLanes(FloatVector xv) {
    float xFloor = this.beta >= 0 ? -Float.MAX_VALUE : Float.NEGATIVE_INFINITY;
    float xCeiling = this.beta < 0 ? Float.MAX_VALUE : Float.POSITIVE_INFINITY;
    xv = xv.blend(xFloor, xv.compare(VectorOperators.LT, xFloor)).blend(xCeiling,
        xv.compare(VectorOperators.GT, xCeiling));
    float beta = (float) this.beta;
    float betaLo = (float) (this.beta - beta);
    FloatVector t0 = xv.mul(beta);
    FloatVector t1 = t0.abs().neg();
    FloatVector t2Hi = VectorMath.exp(t1);
    FloatVector t0Lo = xv.fma(FloatVector.broadcast(VectorConstants.WIDE_FLOATS, beta), t0.neg())
        .add(xv.mul(betaLo)).blend(0f, t0.abs().compare(VectorOperators.GT, Float.MAX_VALUE));
    FloatVector t2 = t2Hi.fma(t0Lo.reinterpretAsInts().lanewise(VectorOperators.XOR,
        t0.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats().neg(), t2Hi);
    FloatVector t3u = t0.blend(Float.MAX_VALUE, t0.compare(VectorOperators.GT, Float.MAX_VALUE));
    FloatVector t3d = t2.add(1f);
    FloatVector t3FromRoot = t3u.sub(VectorMath.SWISH_ROOT_HI).sub(VectorMath.SWISH_ROOT_LO)
        .add(t0Lo);
    FloatVector t3NearRoot = t3FromRoot.mul(t3FromRoot).fma(t3FromRoot.fma(1f / 720, 1f / 120)
        .fma(t3FromRoot, t3FromRoot.broadcast(1f / 24)).fma(t3FromRoot,
        t3FromRoot.broadcast(1f / 6)).fma(t3FromRoot, t3FromRoot.broadcast(0.5f)),
        t3FromRoot).fma(t3FromRoot.broadcast(VectorMath.SWISH_ROOT_EXP), t3FromRoot);
    FloatVector t3Negative = t3u.add(1f).add(t2).add(t0Lo).blend(0f, t2.compare(VectorOperators.EQ,
        0f));
    FloatVector t3 = t3Negative.blend(t3NearRoot, t3FromRoot.abs().compare(VectorOperators.LT,
        0.25f)).blend(t3u.fma(t2, t3d), t3u.compare(VectorOperators.GE, 0f)).div(t3d);
    return t2.blend(1f, t0.compare(VectorOperators.GE, 0f)).div(t2.add(1f)).mul(t3);
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
    float beta = (float) this.beta;
    float betaLo = (float) (this.beta - beta);
    float xFloor = this.beta >= 0 ? -Float.MAX_VALUE : Float.NEGATIVE_INFINITY;
    float xCeiling = this.beta < 0 ? Float.MAX_VALUE : Float.POSITIVE_INFINITY;
    VectorSpecies<Float> s = VectorConstants.WIDE_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      FloatVector xv = FloatVector.fromArray(s, x, xOff + i);
      xv = xv.blend(xFloor, xv.compare(VectorOperators.LT, xFloor)).blend(xCeiling,
          xv.compare(VectorOperators.GT, xCeiling));
      FloatVector t0 = xv.mul(beta);
      FloatVector t1 = t0.abs().neg();
      FloatVector t2Hi = VectorMath.exp(t1);
      FloatVector t0Lo = xv.fma(FloatVector.broadcast(VectorConstants.WIDE_FLOATS, beta), t0.neg())
          .add(xv.mul(betaLo)).blend(0f, t0.abs().compare(VectorOperators.GT, Float.MAX_VALUE));
      FloatVector t2 = t2Hi.fma(t0Lo.reinterpretAsInts().lanewise(VectorOperators.XOR,
          t0.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats().neg(), t2Hi);
      FloatVector t3 = t2.blend(1f, t0.compare(VectorOperators.GE, 0f)).div(t2.add(1f));
      FloatVector t4u = t0.blend(Float.MAX_VALUE, t0.compare(VectorOperators.GT, Float.MAX_VALUE));
      FloatVector t4d = t2.add(1f);
      FloatVector t4FromRoot = t4u.sub(VectorMath.SWISH_ROOT_HI).sub(VectorMath.SWISH_ROOT_LO)
          .add(t0Lo);
      FloatVector t4NearRoot = t4FromRoot.mul(t4FromRoot).fma(t4FromRoot.fma(1f / 720, 1f / 120)
          .fma(t4FromRoot, t4FromRoot.broadcast(1f / 24)).fma(t4FromRoot,
          t4FromRoot.broadcast(1f / 6)).fma(t4FromRoot, t4FromRoot.broadcast(0.5f)),
          t4FromRoot).fma(t4FromRoot.broadcast(VectorMath.SWISH_ROOT_EXP), t4FromRoot);
      FloatVector t4Negative = t4u.add(1f).add(t2).add(t0Lo).blend(0f,
          t2.compare(VectorOperators.EQ, 0f));
      FloatVector t4 = t4Negative.blend(t4NearRoot, t4FromRoot.abs().compare(VectorOperators.LT,
          0.25f)).blend(t4u.fma(t2, t4d), t4u.compare(VectorOperators.GE, 0f)).div(t4d);
      t3.mul(t4).intoArray(factor, factorOff + i);
      xv.mul(t3).intoArray(y, yOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      FloatVector xv = FloatVector.fromArray(s, x, xOff + i, m);
      xv = xv.blend(xFloor, xv.compare(VectorOperators.LT, xFloor)).blend(xCeiling,
          xv.compare(VectorOperators.GT, xCeiling));
      FloatVector t0 = xv.mul(beta);
      FloatVector t1 = t0.abs().neg();
      FloatVector t2Hi = VectorMath.exp(t1);
      FloatVector t0Lo = xv.fma(FloatVector.broadcast(VectorConstants.WIDE_FLOATS, beta), t0.neg())
          .add(xv.mul(betaLo)).blend(0f, t0.abs().compare(VectorOperators.GT, Float.MAX_VALUE));
      FloatVector t2 = t2Hi.fma(t0Lo.reinterpretAsInts().lanewise(VectorOperators.XOR,
          t0.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats().neg(), t2Hi);
      FloatVector t3 = t2.blend(1f, t0.compare(VectorOperators.GE, 0f)).div(t2.add(1f));
      FloatVector t4u = t0.blend(Float.MAX_VALUE, t0.compare(VectorOperators.GT, Float.MAX_VALUE));
      FloatVector t4d = t2.add(1f);
      FloatVector t4FromRoot = t4u.sub(VectorMath.SWISH_ROOT_HI).sub(VectorMath.SWISH_ROOT_LO)
          .add(t0Lo);
      FloatVector t4NearRoot = t4FromRoot.mul(t4FromRoot).fma(t4FromRoot.fma(1f / 720, 1f / 120)
          .fma(t4FromRoot, t4FromRoot.broadcast(1f / 24)).fma(t4FromRoot,
          t4FromRoot.broadcast(1f / 6)).fma(t4FromRoot, t4FromRoot.broadcast(0.5f)),
          t4FromRoot).fma(t4FromRoot.broadcast(VectorMath.SWISH_ROOT_EXP), t4FromRoot);
      FloatVector t4Negative = t4u.add(1f).add(t2).add(t0Lo).blend(0f,
          t2.compare(VectorOperators.EQ, 0f));
      FloatVector t4 = t4Negative.blend(t4NearRoot, t4FromRoot.abs().compare(VectorOperators.LT,
          0.25f)).blend(t4u.fma(t2, t4d), t4u.compare(VectorOperators.GE, 0f)).div(t4d);
      t3.mul(t4).intoArray(factor, factorOff + i, m);
      xv.mul(t3).intoArray(y, yOff + i, m);
    }
  }

  /**
   * Why these kernels would not keep the accuracy bounds for these parameters, or null.
   * Float lanes hold {@code beta * x} in two floats; where exp of that product
   * is a subnormal float, a factor that grows as 1 / |parameter| would magnify its lost bits
   * (Lowering.compensatedFactor).
   */
  static String unsupported(double beta) {
    if (!(Math.abs(beta) >= 0x1.0p-7)) {
      return "float lanes need |beta| >= 2^-7 (0.0078125)";
    }
    return null;
  }
}
