package dev.rectify.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GemmTest {
  private static final float SENTINEL = -7.25f;

  private static GemmPool one;
  private static GemmPool two;
  private static GemmPool four;

  @BeforeAll
  static void startPools() {
    one = new GemmPool(1);
    two = new GemmPool(2);
    four = new GemmPool(4);
  }

  @AfterAll
  static void stopPools() {
    one.close();
    two.close();
    four.close();
  }

  static boolean vectorAvailable() {
    try {
      MicroKernels.panama();
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  static MicroKernel kernel(String name) {
    if (name.equals("panama")) {
      assumeTrue(vectorAvailable(), "no jdk.incubator.vector: the Panama kernel is not tested");
      return MicroKernels.panama();
    }
    return MicroKernels.scalar();
  }

  /**
   * Shapes across 1..257 that cross every blocking boundary: MR = 5 or 10 (the 256-bit and 512-bit
   * kernels), NR = 16, MC = 150, KC = 256 (k = 257 makes two k-slices), plus n > NC = 4080 with
   * tiny m and k to keep it cheap.
   */
  static Stream<Arguments> shapes() {
    List<Arguments> cases = new ArrayList<>();
    int[][] fixed = {
      {1, 1, 1},
      {5, 16, 1},
      {6, 17, 3},
      {4, 15, 256},
      {5, 16, 257},
      {10, 16, 1},
      {11, 17, 3},
      {10, 16, 257},
      {150, 32, 10},
      {151, 33, 257},
      {128, 1000, 20},
      {257, 257, 257},
      {1, 257, 64},
      {257, 1, 129},
      {3, 4100, 5},
      {2, 3, 0}
    };
    for (int[] s : fixed) {
      cases.add(Arguments.of(s[0], s[1], s[2]));
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 14; i++) {
      int m = random.nextInt(1, 258);
      int n = random.nextInt(1, 258);
      cases.add(Arguments.of(m, n, random.nextInt(1, 258)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}x{1}x{2}")
  @MethodSource("shapes")
  void sgemm_matchesDoubleReference_allTransposesBothKernels(int m, int n, int k) {
    SplittableRandom random = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
    float[][] scalars = {{1f, 0f}, {0.5f, -1.5f}, {-2f, 1f}};
    int variant = 0;
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        float[] ab = scalars[variant++ % scalars.length];
        Case c = Case.random(random, transA, transB, m, n, k, ab[0], ab[1]);
        float[] scalar = c.run(MicroKernels.scalar(), one);
        c.assertCloseToReference(scalar);
        if (vectorAvailable()) {
          float[] vector = c.run(MicroKernels.panama(), one);
          assertBitIdentical(scalar, vector, "scalar vs panama " + c);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"scalar", "panama"})
  void sgemm_isBitIdentical_for1_2And4Threads(String kernelName) {
    MicroKernel kernel = kernel(kernelName);
    SplittableRandom random = new SplittableRandom(7);
    // Tall (rows split across threads), wide (columns split) and square, all above the parallel
    // threshold, with k spanning two KC slices.
    int[][] sizes = {{301, 40, 300}, {20, 1000, 270}, {200, 200, 200}};
    for (int[] s : sizes) {
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean transB : new boolean[] {false, true}) {
          Case c = Case.random(random, transA, transB, s[0], s[1], s[2], 0.75f, 0.5f);
          float[] expected = c.run(kernel, one);
          assertBitIdentical(expected, c.run(kernel, two), "2 threads " + c);
          assertBitIdentical(expected, c.run(kernel, four), "4 threads " + c);
        }
      }
    }
  }

  /**
   * When threads split C by rows they share one packing of all of op(B) (Gemm.sharePackedB), laid
   * out as NC-wide column blocks of KC-deep slices. 1300 rows against 4100 columns split by rows
   * (260 row panels, 257 column panels), n > NC makes two column blocks, and k = 260 two slices,
   * the second partial; one thread packs each slice itself, so any misplaced offset changes the
   * bits.
   */
  @ParameterizedTest
  @ValueSource(strings = {"scalar", "panama"})
  void sharedPackedB_twoColumnBlocksAndTwoSlices_isBitIdenticalToOneThread(String kernelName) {
    MicroKernel kernel = kernel(kernelName);
    SplittableRandom random = new SplittableRandom(11);
    for (boolean transB : new boolean[] {false, true}) {
      Case c = Case.random(random, false, transB, 1300, Gemm.NC + 20, Gemm.KC + 4, 1f, 0f);
      float[] expected = c.run(kernel, one);
      assertBitIdentical(expected, c.run(kernel, two), "2 threads " + c);
      // four tasks for the 20-column block's two panels: two of them pack nothing there
      assertBitIdentical(expected, c.run(kernel, four), "4 threads " + c);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void epilogue_seesEveryRowOnceAndFinal(int threads) {
    GemmPool pool = threads == 1 ? one : threads == 2 ? two : four;
    SplittableRandom random = new SplittableRandom(threads);
    // 300 rows: split by rows; 12 rows × 2000 columns: split by columns, epilogue after the join
    for (int[] s : new int[][] {{300, 70, 90}, {12, 2000, 90}}) {
      Case c = Case.random(random, false, false, s[0], s[1], s[2], 1f, 0f);
      int m = s[0];
      int n = s[1];
      int[] seen = new int[m];
      float[] snapshot = new float[c.c.length];
      float[] out = c.c.clone();
      Gemm.sgemm(
          MicroKernels.get(),
          pool,
          false,
          false,
          m,
          n,
          c.k,
          1f,
          c.a,
          c.aOff,
          c.lda,
          c.b,
          c.bOff,
          c.ldb,
          0f,
          out,
          c.cOff,
          c.ldc,
          (from, to) -> {
            for (int i = from; i < to; i++) {
              synchronized (seen) {
                seen[i]++;
              }
              int row = c.cOff + i * c.ldc;
              System.arraycopy(out, row, snapshot, row, n);
            }
          });
      int[] once = new int[m];
      Arrays.fill(once, 1);
      assertArrayEquals(once, seen, "each row reported exactly once");
      for (int i = 0; i < m; i++) {
        int row = c.cOff + i * c.ldc;
        assertArrayEquals(
            Arrays.copyOfRange(out, row, row + n),
            Arrays.copyOfRange(snapshot, row, row + n),
            "row " + i + " changed after its epilogue");
      }
    }
  }

  @Test
  void betaZero_ignoresNaNInC() {
    float[] a = {1, 2, 3, 4};
    float[] b = {1, 0, 0, 1};
    float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {1, 2, 3, 4}, c);
  }

  /**
   * beta = 0 overwrites C in its first block of k without reading it (tileOverwrite), on full and
   * edge tiles, and the second block of k (k > KC) accumulates as usual: the same bits as beta = 1
   * on a zeroed C, where NaN in C would otherwise propagate. On one thread, and on four where the
   * work splits by columns (n much larger than m) and by rows.
   */
  @ParameterizedTest
  @ValueSource(strings = {"scalar", "panama"})
  void betaZero_overwritesWithTheBitsOfAZeroedC_fullAndEdgeTiles(String kernelName) {
    betaZeroOverwrites(kernel(kernelName), one, 23, 37, Gemm.KC + 44);
    betaZeroOverwrites(kernel(kernelName), four, 23, 1500, Gemm.KC + 44);
    betaZeroOverwrites(kernel(kernelName), four, 700, 40, Gemm.KC + 44);
  }

  private static void betaZeroOverwrites(MicroKernel kernel, GemmPool pool, int m, int n, int k) {
    SplittableRandom random = new SplittableRandom(11);
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) random.nextGaussian();
    }
    float[] zeroed = new float[m * n];
    float[] nan = new float[m * n];
    Arrays.fill(nan, Float.NaN);
    Gemm.sgemm(kernel, one, false, false, m, n, k, 0.75f, a, 0, k, b, 0, n, 1f, zeroed, 0, n, null);
    Gemm.sgemm(kernel, pool, false, false, m, n, k, 0.75f, a, 0, k, b, 0, n, 0f, nan, 0, n, null);
    assertBitIdentical(zeroed, nan, "beta = 0 over NaN vs beta = 1 over zeros, " + m + "x" + n);
  }

  @Test
  void alphaZeroOrEmptyK_onlyScalesC() {
    float[] c = {1, 2, 3, 4};
    Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 3f, c, 0, 2);
    assertArrayEquals(new float[] {3, 6, 9, 12}, c);
    float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
    Gemm.sgemm(false, false, 2, 2, 2, 0f, nan, 0, 2, nan, 0, 2, 0.5f, c, 0, 2);
    assertArrayEquals(new float[] {1.5f, 3, 4.5f, 6}, c);
  }

  @Test
  void aKernelOfAnotherTileHeight_isRefused_theScalarKernelFitsAny() {
    MicroKernel taller =
        new MicroKernel() {
          @Override
          public void tile(
              int kc,
              float[] a,
              int aOff,
              float[] b,
              int bOff,
              float alpha,
              float[] c,
              int cOff,
              int ldc) {
            fail("a kernel of the wrong height must not run");
          }

          @Override
          public int rows() {
            return Gemm.MR + 1;
          }

          @Override
          public String name() {
            return "taller";
          }
        };
    float[] a = new float[4];
    float[] c = new float[4];
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Gemm.sgemm(
                taller, one, false, false, 2, 2, 2, 1f, a, 0, 2, a, 0, 2, 0f, c, 0, 2, null));
    assertTrue(MicroKernels.scalar().computesTilesOf(Gemm.MR));
    assertTrue(MicroKernels.scalar().computesTilesOf(Gemm.MR + 1)); // not only its own rows()
    assertTrue(MicroKernels.get().computesTilesOf(Gemm.MR));
  }

  @Test
  void badArguments_areRejectedBeforeAnyWrite() {
    float[] a = new float[6];
    float[] c = new float[4];
    assertThrows(
        IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, a, 0, 2, 0f, c, 0, 2));
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, a, 0, 2, 0f, c, 0, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, a, 0, 2, 0f, c, 0, 2));
    assertArrayEquals(new float[4], c);
  }

  @Test
  void defaultKernel_isPanamaWhenTheModuleIsPresent() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assertTrue(Gemm.kernelName().startsWith("panama-"), Gemm.kernelName());
  }

  private static void assertBitIdentical(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
      }
    }
  }

  /** One problem, stored with offsets and padded leading dimensions, and its reference. */
  private static final class Case {
    final boolean transA;
    final boolean transB;
    final int m;
    final int n;
    final int k;
    final float alpha;
    final float beta;
    final float[] a;
    final int aOff;
    final int lda;
    final float[] b;
    final int bOff;
    final int ldb;
    final float[] c;
    final int cOff;
    final int ldc;

    private Case(
        boolean transA,
        boolean transB,
        int m,
        int n,
        int k,
        float alpha,
        float beta,
        SplittableRandom random) {
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.alpha = alpha;
      this.beta = beta;
      int aRows = transA ? k : m;
      int aCols = transA ? m : k;
      int bRows = transB ? n : k;
      int bCols = transB ? k : n;
      aOff = 3;
      lda = aCols + 2;
      bOff = 5;
      ldb = bCols + 1;
      cOff = 7;
      ldc = n + 3;
      a = filled(random, aOff + aRows * lda);
      b = filled(random, bOff + bRows * ldb);
      c = filled(random, cOff + m * ldc + 4);
      // everything outside C's m×n window is a sentinel that must survive
      for (int i = 0; i < c.length; i++) {
        int j = i - cOff;
        if (j < 0 || j >= m * ldc || j % ldc >= n) {
          c[i] = SENTINEL;
        }
      }
    }

    static Case random(
        SplittableRandom random,
        boolean transA,
        boolean transB,
        int m,
        int n,
        int k,
        float alpha,
        float beta) {
      return new Case(transA, transB, m, n, k, alpha, beta, random);
    }

    private static float[] filled(SplittableRandom random, int size) {
      float[] x = new float[size];
      for (int i = 0; i < size; i++) {
        x[i] = (float) random.nextDouble(-1, 1);
      }
      return x;
    }

    float[] run(MicroKernel kernel, GemmPool pool) {
      float[] out = c.clone();
      Gemm.sgemm(
          kernel, pool, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff,
          ldc, null);
      return out;
    }

    float opA(int i, int p) {
      return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(int p, int j) {
      return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /**
     * Compares with the product accumulated in double. A float dot product of length k with fused
     * multiply-adds has error at most (k + 2)·u·(Σ|a·b|·|alpha| + |beta·c|), u = 2⁻²⁴ (Higham,
     * "Accuracy and Stability of Numerical Algorithms", §3.1, with one rounding for alpha and one
     * for the final fma); the double reference is exact to far below that.
     */
    void assertCloseToReference(float[] out) {
      double u = 0x1.0p-24;
      for (int i = 0; i < c.length; i++) {
        int j = i - cOff;
        if (j < 0 || j >= m * ldc || j % ldc >= n) {
          assertEquals(SENTINEL, out[i], "element " + i + " outside C was written " + this);
        }
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          double abs = 0;
          for (int p = 0; p < k; p++) {
            double prod = (double) opA(i, p) * opB(p, j);
            sum += prod;
            abs += Math.abs(prod);
          }
          double old = c[cOff + i * ldc + j];
          double expected = alpha * sum + beta * old;
          double bound = (k + 2) * u * (Math.abs(alpha) * abs + Math.abs(beta * old)) + 1e-30;
          float actual = out[cOff + i * ldc + j];
          if (!(Math.abs(actual - expected) <= bound)) {
            fail(
                String.format(
                    "%s: C[%d][%d] = %s, expected %s within %s",
                    this, i, j, actual, expected, bound));
          }
        }
      }
    }

    @Override
    public String toString() {
      return String.format(
          "%s%s m=%d n=%d k=%d alpha=%s beta=%s",
          transA ? "Aᵀ" : "A", transB ? "·Bᵀ" : "·B", m, n, k, alpha, beta);
    }
  }
}
