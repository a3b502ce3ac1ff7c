package dev.rectify.gemm;

import java.util.Arrays;

/**
 * The innermost loop of {@link Gemm}: one {@link Gemm#MR}×{@link Gemm#NR} tile of C updated from
 * packed panels. Implementations differ only in how they vectorise; every one must compute each
 * element as the same chain of fused multiply-adds, {@code acc = fma(a[p], b[p], acc)} for p
 * ascending from {@code acc = 0}, then {@code c = fma(alpha, acc, c)}, so that results are
 * bit-identical whichever kernel runs.
 *
 * <p>Panels are laid out by {@link Packing}: {@code a[aOff + p * MR + r]} is row r of step p and
 * {@code b[bOff + p * NR + j]} is column j of step p.
 */
interface MicroKernel {

  /** Updates the full tile {@code c[cOff + r * ldc + j]} for {@code r < MR, j < NR}. */
  void tile(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc);

  /**
   * Sets the full tile to {@code fma(alpha, acc, 0)}, ignoring what C held: the same bits as {@link
   * #tile} on a zeroed tile, without reading C. {@link Gemm} calls it for the first block of k when
   * beta is 0, where a load of C would only wait for memory: a gradient is written once a step, and
   * by then the lines a zeroing pass left in cache are long gone.
   */
  default void tileOverwrite(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
    for (int r = 0; r < Gemm.MR; r++) {
      Arrays.fill(c, cOff + r * ldc, cOff + r * ldc + Gemm.NR, 0f);
    }
    tile(kc, a, aOff, b, bOff, alpha, c, cOff, ldc);
  }

  /** The tile rows this kernel is written for: {@link Gemm#MR} is the chosen kernel's. */
  int rows();

  /**
   * Whether this kernel computes tiles of {@code mr} rows: only its own {@link #rows} unless it
   * loops over {@link Gemm#MR}, as the scalar kernel does.
   */
  default boolean computesTilesOf(int mr) {
    return mr == rows();
  }

  /** A short name for logs and benchmarks. */
  String name();
}
