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
 * The Vector API kernels of {@code sugar-bsilu}, run by {@link SugarBSiLULayer} in place of its
 * scalar loops.
 *
 * <pre>
 * forward:  float lanes:  max(x, 0)
 * backward: float lanes:  sigmoid(x) + (x + alpha) * (sigmoid(x) * sigmoid(-x))
 * gradient: double lanes: sigmoid(x) + (x + alpha) * (sigmoid(x) * sigmoid(-x))
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
    comments = "vector kernels of sugar-bsilu"
)
final class SugarBSiLUVectorKernels implements UnaryKernel {
  /**
   * As in {@link SugarBSiLULayer}: infinite inputs are clamped where they would give inf * 0.
   */
  private static final double INPUT_LIMIT = 0x1p128;

  private final double alpha;

  SugarBSiLUVectorKernels(double alpha) {
    this.alpha = alpha;
  }

  private FloatVector forwardLanes(FloatVector xv) {
    return xv.blend(0f, xv.compare(VectorOperators.LE, 0f));
  }

  private FloatVector factorLanes(FloatVector xv) {
    xv = xv.blend(-Float.MAX_VALUE, xv.compare(VectorOperators.LT, -Float.MAX_VALUE))
        .blend(Float.MAX_VALUE, xv.compare(VectorOperators.GT, Float.MAX_VALUE));
    float alpha = (float) this.alpha;
    FloatVector t0 = VectorMath.exp(xv.abs().neg());
    FloatVector t1 = t0.add(1f);
    FloatVector t2 = t0.blend(1f, xv.compare(VectorOperators.GE, 0f)).div(t1);
    return t2.add(xv.add(alpha).mul(t2.mul(t0.blend(1f, xv.neg().compare(VectorOperators.GE, 0f))
        .div(t1))));
  }

  private DoubleVector gradientLanes(DoubleVector xv) {
    xv = xv.blend(-INPUT_LIMIT, xv.compare(VectorOperators.LT, -INPUT_LIMIT)).blend(INPUT_LIMIT,
        xv.compare(VectorOperators.GT, INPUT_LIMIT));
    double alpha = this.alpha;
    DoubleVector t0 = xv.abs().neg().lanewise(VectorOperators.EXP);
    DoubleVector t1 = t0.add(1.0);
    DoubleVector t2 = t0.blend(1.0, xv.compare(VectorOperators.GE, 0.0)).div(t1);
    return t2.add(xv.add(alpha).mul(t2.mul(t0.blend(1.0, xv.neg().compare(VectorOperators.GE, 0.0))
        .div(t1))));
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
      VectorMath.narrow(gradientLanes(VectorMath.widen(x, xOff + i))).intoArray(g, gOff + i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      VectorMath.narrow(gradientLanes(VectorMath.widen(x, xOff + i, m))).intoArray(g, gOff + i, m);
    }
  }

  @Override
  public void forwardFactor(float[] x, int xOff, float[] y, int yOff, short[] factor, int factorOff,
      int n) {
    float[] block = VectorMath.factorBlock();
    int len;
    for (int start = 0; start < n; start += len) {
      len = Math.min(block.length, n - start);
      factorBlock(x, xOff + start, y, yOff + start, block, len);
      VectorMath.storeBf16(block, factor, factorOff + start, len);
    }
  }

  /**
   * The factors of {@code x[xOff..xOff + n)} into {@code block[0..n)}, and y as
   * forward computes it. The factors are rounded to bfloat16 afterwards, in bulk,
   * by {@link VectorMath#storeBf16}: a bfloat16 store after the factor in this loop would
   * be a call C2 refuses to inline once the loop has spent its node budget
   * (NodeCountInliningCutoff), boxing its vector every time.
   */
  private void factorBlock(float[] x, int xOff, float[] y, int yOff, float[] block, int n) {
    VectorSpecies<Float> s = VectorConstants.WIDE_FLOATS;
    int i = 0;
    for (int bound = s.loopBound(n); i < bound; i += s.length()) {
      FloatVector xv = FloatVector.fromArray(s, x, xOff + i);
      forwardLanes(xv).intoArray(y, yOff + i);
      factorLanes(xv).intoArray(block, i);
    }
    if (i < n) {
      VectorMask<Float> m = s.indexInRange(i, n);
      FloatVector xv = FloatVector.fromArray(s, x, xOff + i, m);
      forwardLanes(xv).intoArray(y, yOff + i, m);
      factorLanes(xv).intoArray(block, i, m);
    }
  }

  @Override
  public void backwardFactor(float[] dy, int dyOff, short[] factor, int factorOff, float[] dz,
      int dzOff, int n) {
    VectorMath.bf16Backward(dy, dyOff, factor, factorOff, dz, dzOff, n);
  }
}
