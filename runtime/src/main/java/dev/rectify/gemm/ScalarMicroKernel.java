package dev.rectify.gemm;

import static dev.rectify.gemm.Gemm.MR;
import static dev.rectify.gemm.Gemm.NR;

/**
 * The micro-kernel without the Vector API: the tile is computed as 2×4 sub-tiles (1×4 for the odd
 * last row), each kept in eight scalar registers for the whole k loop (eight independent FMA chains
 * cover the FMA latency) while the A and B panels are re-read from L1.
 *
 * <p>Why not a loop C2 auto-vectorises: on JDK 17 a stride-1 loop of NR = 16 FMAs per row is
 * unrolled completely (its trip count is too small) and never reaches the superword pass; such a
 * kernel ran at 3 GFLOPS here, this one at 8 (the 256-bit Panama kernel at 97, all with the panels
 * in cache, on Zen 3). {@link Math#fma} is an intrinsic on every x86-64 with FMA and on AArch64.
 */
final class ScalarMicroKernel implements MicroKernel {

  @Override
  public void tile(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
    for (int r = 0; r < MR; r += 2) {
      for (int j = 0; j < NR; j += 4) {
        if (r + 1 < MR) {
          subTile(kc, a, aOff + r, b, bOff + j, alpha, c, cOff + r * ldc + j, ldc);
        } else {
          rowTile(kc, a, aOff + r, b, bOff + j, alpha, c, cOff + r * ldc + j);
        }
      }
    }
  }

  /** The 2×4 sub-tile whose panel entries start at {@code a[aOff]} and {@code b[bOff]}. */
  private static void subTile(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
    float c00 = 0f;
    float c01 = 0f;
    float c02 = 0f;
    float c03 = 0f;
    float c10 = 0f;
    float c11 = 0f;
    float c12 = 0f;
    float c13 = 0f;
    for (int p = 0; p < kc; p++) {
      int ap = aOff + p * MR;
      int bp = bOff + p * NR;
      float a0 = a[ap];
      float a1 = a[ap + 1];
      float b0 = b[bp];
      float b1 = b[bp + 1];
      float b2 = b[bp + 2];
      float b3 = b[bp + 3];
      c00 = Math.fma(a0, b0, c00);
      c01 = Math.fma(a0, b1, c01);
      c02 = Math.fma(a0, b2, c02);
      c03 = Math.fma(a0, b3, c03);
      c10 = Math.fma(a1, b0, c10);
      c11 = Math.fma(a1, b1, c11);
      c12 = Math.fma(a1, b2, c12);
      c13 = Math.fma(a1, b3, c13);
    }
    c[cOff] = Math.fma(alpha, c00, c[cOff]);
    c[cOff + 1] = Math.fma(alpha, c01, c[cOff + 1]);
    c[cOff + 2] = Math.fma(alpha, c02, c[cOff + 2]);
    c[cOff + 3] = Math.fma(alpha, c03, c[cOff + 3]);
    int row = cOff + ldc;
    c[row] = Math.fma(alpha, c10, c[row]);
    c[row + 1] = Math.fma(alpha, c11, c[row + 1]);
    c[row + 2] = Math.fma(alpha, c12, c[row + 2]);
    c[row + 3] = Math.fma(alpha, c13, c[row + 3]);
  }

  /** The 1×4 sub-tile of an odd last row: the same chains as {@link #subTile}, one row of them. */
  private static void rowTile(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff) {
    float c0 = 0f;
    float c1 = 0f;
    float c2 = 0f;
    float c3 = 0f;
    for (int p = 0; p < kc; p++) {
      float a0 = a[aOff + p * MR];
      int bp = bOff + p * NR;
      c0 = Math.fma(a0, b[bp], c0);
      c1 = Math.fma(a0, b[bp + 1], c1);
      c2 = Math.fma(a0, b[bp + 2], c2);
      c3 = Math.fma(a0, b[bp + 3], c3);
    }
    c[cOff] = Math.fma(alpha, c0, c[cOff]);
    c[cOff + 1] = Math.fma(alpha, c1, c[cOff + 1]);
    c[cOff + 2] = Math.fma(alpha, c2, c[cOff + 2]);
    c[cOff + 3] = Math.fma(alpha, c3, c[cOff + 3]);
  }

  /**
   * Five, as the 256-bit kernel, when this kernel is the one chosen; it computes tiles of whatever
   * {@link Gemm#MR} the chosen kernel set. A literal: {@link Gemm#MR} itself reads 0 while Gemm
   * initialises, which is when this is called.
   */
  @Override
  public int rows() {
    return 5;
  }

  /** Any height: the tile loops run over {@link Gemm#MR}. */
  @Override
  public boolean computesTilesOf(int mr) {
    return true;
  }

  @Override
  public String name() {
    return "scalar";
  }
}
