package dev.rectify.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rectify.kernel.KernelProvider;
import dev.rectify.kernel.UnaryKernel;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector kernels' forwardFactor, which works through blocks of 1024 factors rounded to bfloat16
 * in bulk: at offsets that differ for x, y and the factors and are no multiple of a lane count, at
 * lengths around the block size, it must write exactly what a call at offset 0 writes (every
 * element's arithmetic is the same whichever lane or block it falls in), and nothing outside its
 * ranges. The layers call it with one offset for all three, so only this test tells a swapped
 * offset apart. SUGAR B-SiLU computes its factor in float lanes in the same loop as y; SUGAR GELU
 * in double lanes, in a pass of its own before y, so that y may be x. (Agreement with the scalar
 * loops is KernelAgreementTest's.)
 */
class ForwardFactorBlocksTest {
  private static final int[] LENGTHS = {0, 1, 7, 1023, 1024, 1025, 2049, 3000};

  private static UnaryKernel kernel(String simpleName, double... args) {
    assumeTrue(KernelProvider.vectorEnabled(), "needs --add-modules jdk.incubator.vector");
    return KernelProvider.unary(MethodHandles.lookup(), simpleName, args);
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
  @ValueSource(strings = {"SugarBSiLUVectorKernels", "SugarGELUVectorKernels"})
  void offsetsAndBlocks_writeWhatOffsetZeroWrites(String simpleName) {
    UnaryKernel k =
        simpleName.equals("SugarBSiLUVectorKernels")
            ? kernel(simpleName, 1.67)
            : kernel(simpleName);
    for (int n : LENGTHS) {
      float[] x = inputs(n);
      float[] y0 = new float[n];
      short[] f0 = new short[n];
      k.forwardFactor(x, 0, y0, 0, f0, 0, n);

      int xOff = 3;
      int yOff = 5;
      int fOff = 11;
      float[] xs = new float[n + xOff + 2];
      System.arraycopy(x, 0, xs, xOff, n);
      float[] ys = new float[n + yOff + 4];
      Arrays.fill(ys, -7f);
      short[] fs = new short[n + fOff + 4];
      Arrays.fill(fs, (short) 0x1234);
      k.forwardFactor(xs, xOff, ys, yOff, fs, fOff, n);

      assertArrayEquals(y0, Arrays.copyOfRange(ys, yOff, yOff + n), simpleName + " y, n = " + n);
      assertArrayEquals(
          f0, Arrays.copyOfRange(fs, fOff, fOff + n), simpleName + " factor, n = " + n);
      for (int i = 0; i < ys.length; i++) {
        if (i < yOff || i >= yOff + n) {
          assertEquals(
              -7f, ys[i], simpleName + " wrote y outside its range at " + i + ", n = " + n);
        }
      }
      for (int i = 0; i < fs.length; i++) {
        if (i < fOff || i >= fOff + n) {
          assertEquals(0x1234, fs[i], simpleName + " wrote a factor outside its range at " + i);
        }
      }

      // in place: y over x at the same offset, as a fused Dense layer calls it
      float[] inPlace = xs.clone();
      short[] fi = new short[n + fOff];
      k.forwardFactor(inPlace, xOff, inPlace, xOff, fi, fOff, n);
      assertArrayEquals(y0, Arrays.copyOfRange(inPlace, xOff, xOff + n), simpleName + " in place");
      assertArrayEquals(f0, Arrays.copyOfRange(fi, fOff, fOff + n), simpleName + " in place");
    }
  }
}
