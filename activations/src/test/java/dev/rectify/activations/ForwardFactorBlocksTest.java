package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rectify.kernel.Bf16;
import dev.rectify.kernel.KernelProvider;
import dev.rectify.kernel.UnaryKernel;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector kernels' forwardFactor, for factors kept in bfloat16 (SUGAR) and in float: at offsets
 * that differ for x, y and the factors and are no multiple of a lane count, at lengths around the
 * lane counts and the bfloat16 path's blocks of 1024 (rounded in bulk), it must write exactly what
 * a call at offset 0 writes (every element's arithmetic is the same whichever lane or block it
 * falls in), nothing outside its ranges, and the same in place (y over x, as a fused Dense calls
 * it). The layers call it with one offset for all three, so only this test tells a swapped offset
 * apart. SUGAR B-SiLU computes its factor in float lanes in the same loop as y; SUGAR GELU in
 * double lanes, in a pass of its own before y; GELU, SiLU and LogSigmoid keep a float factor
 * computed in one loop with y. (Agreement with the scalar loops is KernelAgreementTest's.)
 */
class ForwardFactorBlocksTest {
  private static final int[] LENGTHS = {0, 1, 3, 7, 8, 9, 100, 1001, 1023, 1024, 1025, 2049, 3000};

  /** What the factor arrays hold before the call: 0x1234 in bfloat16, its value in float. */
  private static final short FILL = 0x1234;

  /** forwardFactor into a new factor array of its kernel's type, filled, read back as floats. */
  private interface FactorForward {
    float[] run(float[] x, int xOff, float[] y, int yOff, int factorOff, int factorLength, int n);
  }

  static Stream<Arguments> kernels() {
    return Stream.of(
        Arguments.of("SugarBSiLUVectorKernels", new double[] {1.67}),
        Arguments.of("SugarGELUVectorKernels", new double[0]),
        Arguments.of("GELUVectorKernels", new double[0]),
        Arguments.of("SiLUVectorKernels", new double[] {1.0}),
        Arguments.of("LogSigmoidVectorKernels", new double[0]));
  }

  private static FactorForward forwardFactor(String simpleName, double[] args) {
    assumeTrue(KernelProvider.vectorEnabled(), "needs --add-modules jdk.incubator.vector");
    UnaryKernel k = KernelProvider.unary(MethodHandles.lookup(), simpleName, args);
    if (simpleName.startsWith("Sugar")) {
      return (x, xOff, y, yOff, fOff, length, n) -> {
        short[] f = new short[length];
        Arrays.fill(f, FILL);
        k.forwardFactor(x, xOff, y, yOff, f, fOff, n);
        float[] widened = new float[length];
        for (int i = 0; i < length; i++) {
          widened[i] = Bf16.widen(f[i]);
        }
        return widened;
      };
    }
    return (x, xOff, y, yOff, fOff, length, n) -> {
      float[] f = new float[length];
      Arrays.fill(f, Bf16.widen(FILL));
      k.forwardFactor(x, xOff, y, yOff, f, fOff, n);
      return f;
    };
  }

  private static float[] inputs(int n) {
    Random r = new Random(n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (4 * r.nextGaussian());
    }
    return x;
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void offsetsAndBlocks_writeWhatOffsetZeroWrites(String simpleName, double[] args) {
    FactorForward k = forwardFactor(simpleName, args);
    for (int n : LENGTHS) {
      String at = simpleName + ", n = " + n;
      float[] x = inputs(n);
      float[] y0 = new float[n];
      float[] f0 = k.run(x, 0, y0, 0, 0, n, n);

      int xOff = 3;
      int yOff = 5;
      int fOff = 11;
      float[] xs = new float[n + xOff + 2];
      System.arraycopy(x, 0, xs, xOff, n);
      float[] ys = new float[n + yOff + 4];
      Arrays.fill(ys, -7f);
      float[] fs = k.run(xs, xOff, ys, yOff, fOff, n + fOff + 4, n);

      assertArrayEquals(y0, Arrays.copyOfRange(ys, yOff, yOff + n), "y, " + at);
      assertArrayEquals(f0, Arrays.copyOfRange(fs, fOff, fOff + n), "factor, " + at);
      assertUntouchedOutside(ys, yOff, n, -7f, "y, " + at);
      assertUntouchedOutside(fs, fOff, n, Bf16.widen(FILL), "factor, " + at);

      // in place: y over x at the same offset, as a fused Dense layer calls it
      float[] inPlace = xs.clone();
      float[] fi = k.run(inPlace, xOff, inPlace, xOff, fOff, n + fOff, n);
      assertArrayEquals(y0, Arrays.copyOfRange(inPlace, xOff, xOff + n), "y in place, " + at);
      assertArrayEquals(f0, Arrays.copyOfRange(fi, fOff, fOff + n), "factor in place, " + at);
    }
  }

  private static void assertUntouchedOutside(float[] a, int off, int n, float fill, String what) {
    for (int i = 0; i < a.length; i++) {
      if (i < off || i >= off + n) {
        assertEquals(fill, a[i], "written outside its range at " + i + ": " + what);
      }
    }
  }
}
