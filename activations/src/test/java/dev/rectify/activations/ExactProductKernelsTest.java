package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rectify.kernel.KernelProvider;
import dev.rectify.kernel.UnaryKernel;
import dev.rectify.kernel.VectorMath;
import dev.rectify.nn.UnaryActivationLayer;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SiLU's and SUGAR SiLU's second vector kernels, for a beta that is a power of two, where beta * x
 * is exact in float and the lanes take no low part for it: the same bits as the kernels for every
 * beta (a NaN's sign and payload aside), at every input of the sweep, near the derivative's root
 * (u0 / beta) and where beta * x is subnormal; and the layers build them for exactly those betas.
 * Skipped without {@code --add-modules jdk.incubator.vector}.
 */
class ExactProductKernelsTest {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 0.5, 4, 64, 0x1p-7, -1, -0.5, -8})
  void exactKernels_computeTheSameBits(double beta) {
    assumeTrue(KernelProvider.vectorEnabled());
    float[] x = inputs(beta);
    for (String base : List.of("SiLU", "SugarSiLU")) {
      UnaryKernel general = KernelProvider.unary(LOOKUP, base + "VectorKernels", beta);
      UnaryKernel exact = KernelProvider.unary(LOOKUP, base + "VectorKernelsExact", beta);
      assertNotNull(general, base);
      assertNotNull(exact, base);
      List<String> differences = new ArrayList<>();
      int n = x.length;
      float[] a = new float[n];
      float[] b = new float[n];
      general.forward(x, 0, a, 0, n);
      exact.forward(x, 0, b, 0, n);
      compare(base + " forward", x, a, b, differences);
      general.gradient(x, 0, a, 0, n);
      exact.gradient(x, 0, b, 0, n);
      compare(base + " gradient", x, a, b, differences);
      if (base.equals("SiLU")) {
        float[] fa = new float[n];
        float[] fb = new float[n];
        general.forwardFactor(x, 0, a, 0, fa, 0, n);
        exact.forwardFactor(x, 0, b, 0, fb, 0, n);
        compare(base + " training forward", x, a, b, differences);
        compare(base + " stored factor", x, fa, fb, differences);
      } else {
        short[] fa = new short[n];
        short[] fb = new short[n];
        general.forwardFactor(x, 0, a, 0, fa, 0, n);
        exact.forwardFactor(x, 0, b, 0, fb, 0, n);
        compare(base + " training forward", x, a, b, differences);
        compare(base + " stored factor", x, widen(fa), widen(fb), differences);
      }
      assertTrue(differences.isEmpty(), "beta = " + beta + ":\n" + String.join("\n", differences));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 1.702, -3})
  void exactKernels_atAnyOtherBeta_wouldLoseBits(double beta) {
    // what the comparison above would catch: without its low part, beta * x's rounding reaches
    // the result (bench/README.md: 61 ulps at beta = 0.1, x = -832)
    assumeTrue(KernelProvider.vectorEnabled());
    float[] x = inputs(beta);
    float[] a = new float[x.length];
    float[] b = new float[x.length];
    KernelProvider.unary(LOOKUP, "SiLUVectorKernels", beta).forward(x, 0, a, 0, x.length);
    KernelProvider.unary(LOOKUP, "SiLUVectorKernelsExact", beta).forward(x, 0, b, 0, x.length);
    List<String> differences = new ArrayList<>();
    compare("forward", x, a, b, differences);
    assertFalse(differences.isEmpty());
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 2, 0.25, -1, 1.702, 0.1, 3, -1.5})
  void layers_buildTheExactKernels_forPowersOfTwoOnly(double beta) throws Exception {
    assumeTrue(KernelProvider.vectorEnabled());
    boolean powerOfTwo = Math.abs(beta) == Math.scalb(1.0, Math.getExponent(beta));
    String expected = powerOfTwo ? "VectorKernelsExact" : "VectorKernels";
    assertEquals("SiLU" + expected, kernelOf(new SiLULayer(beta)));
    assertEquals("SugarSiLU" + expected, kernelOf(new SugarSiLULayer(beta)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0x1p-8, -0x1p-10})
  void exactKernels_keepTheLowerLimitOnBeta(double beta) {
    // exp's subnormal range costs the same bits whether beta * x is held in one float or two
    assumeTrue(KernelProvider.vectorEnabled());
    assertNull(KernelProvider.unary(LOOKUP, "SiLUVectorKernelsExact", beta));
    assertNull(KernelProvider.unary(LOOKUP, "SugarSiLUVectorKernelsExact", beta));
  }

  /** The sweep; 512 floats either side of the derivative's root; random and subnormal products. */
  private static float[] inputs(double beta) {
    float[] sweep = Sweep.inputs();
    float[] x = new float[sweep.length + 1024 + 4096 + 512];
    System.arraycopy(sweep, 0, x, 0, sweep.length);
    int k = sweep.length;
    float root = (float) ((VectorMath.SWISH_ROOT_HI + (double) VectorMath.SWISH_ROOT_LO) / beta);
    float v = root;
    for (int i = 0; i < 512; i++) {
      v = Math.nextDown(v);
    }
    for (int i = 0; i < 1024; i++) {
      x[k++] = v;
      v = Math.nextUp(v);
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 4096; i++) {
      x[k++] = (float) (random.nextGaussian() * 4 / Math.abs(beta));
    }
    for (int i = 0; i < 512; i++) {
      // |beta x| below 2^-126: the product rounds, and the general kernels' low part is not 0
      x[k++] = (float) (Math.scalb(1 + random.nextDouble(), -130 - random.nextInt(16)) / beta);
    }
    return x;
  }

  private static void compare(String what, float[] x, float[] a, float[] b, List<String> out) {
    for (int i = 0; i < x.length && out.size() < 10; i++) {
      // Float.compare tells -0 from +0, and NaN from every number, but not one NaN from another:
      // a NaN's sign and payload are whatever the operations that made it left
      if (Float.compare(a[i], b[i]) != 0) {
        out.add(String.format(Locale.ROOT, "%s at x = %s: %s vs %s", what, x[i], a[i], b[i]));
      }
    }
  }

  private static float[] widen(short[] bf16) {
    float[] f = new float[bf16.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = Float.intBitsToFloat(bf16[i] << 16);
    }
    return f;
  }

  /** The simple name of the vector kernels the layer built, or null for its scalar loops. */
  private static String kernelOf(UnaryActivationLayer layer) throws Exception {
    Method m = UnaryActivationLayer.class.getDeclaredMethod("vectorKernel");
    m.setAccessible(true);
    Object kernel = m.invoke(layer);
    return kernel == null ? null : kernel.getClass().getSimpleName();
  }
}
