package dev.rectify.gemm;

import static dev.rectify.gemm.Gemm.MR;
import static dev.rectify.gemm.Gemm.NR;

/**
 * Copies blocks of op(A) and op(B) into the panel order the micro-kernel streams through, so that
 * the kernel reads both operands with unit stride whatever the transposes and leading dimensions
 * were. A transpose costs nothing extra: it only changes which index walks contiguously here. Rows
 * (of A) and columns (of B) past the edge of the block are packed as zeros, so the kernel always
 * computes full tiles and the caller keeps only the valid part.
 */
final class Packing {
  static {
    // packFullPanelOfTransposedA writes its copy out in groups of five rows
    if (MR % 5 != 0) {
      throw new AssertionError(
          "Packing.packFullPanelOfTransposedA is written for a multiple of 5 rows, not " + MR);
    }
  }

  private Packing() {}

  /**
   * Packs op(A)[i0, i0 + mc) × [p0, p0 + kc) into {@code ceil(mc / MR)} panels; panel q holds
   * {@code dst[q * MR * kc + p * MR + r] = op(A)[i0 + q * MR + r][p0 + p]}.
   */
  static void packA(
      boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
    int full = mc / MR;
    for (int q = 0; q < full; q++) {
      int i = i0 + q * MR;
      int base = q * MR * kc;
      if (transA) {
        packFullPanelOfTransposedA(a, aOff + p0 * lda + i, lda, kc, dst, base);
      } else {
        packFullPanelOfA(a, aOff + i * lda + p0, lda, kc, dst, base);
      }
    }
    int rows = mc - full * MR;
    if (rows > 0) {
      packPartialPanelOfA(transA, a, aOff, lda, i0 + full * MR, rows, p0, kc, dst, full * MR * kc);
    }
  }

  /**
   * op(A) = A: step p takes element p of each of the MR rows. The inner loop has a constant trip
   * count, so C2 unrolls it and keeps the MR row offsets in registers: 30% faster than walking each
   * row on its own and scattering with stride MR.
   */
  private static void packFullPanelOfA(float[] a, int src, int lda, int kc, float[] dst, int base) {
    for (int p = 0, d = base; p < kc; p++, d += MR) {
      for (int r = 0; r < MR; r++) {
        dst[d + r] = a[src + r * lda + p];
      }
    }
  }

  /**
   * op(A) = Aᵀ: step p copies the MR consecutive floats of row p of A that belong to the panel. The
   * copy is written out in groups of five: C2 compiles the five independent moves without a loop,
   * 3.5 times faster than a loop over a row count (the backward product dW = Xᵀ · dZ packs all of
   * Xᵀ this way), and unrolls the loop over groups, whose trip count MR / 5 it knows.
   */
  private static void packFullPanelOfTransposedA(
      float[] a, int src, int lda, int kc, float[] dst, int base) {
    for (int p = 0, d = base; p < kc; p++, src += lda, d += MR) {
      for (int r = 0; r < MR; r += 5) {
        dst[d + r] = a[src + r];
        dst[d + r + 1] = a[src + r + 1];
        dst[d + r + 2] = a[src + r + 2];
        dst[d + r + 3] = a[src + r + 3];
        dst[d + r + 4] = a[src + r + 4];
      }
    }
  }

  /** The last panel, of {@code rows < MR} rows of op(A) starting at row i, padded with zeros. */
  private static void packPartialPanelOfA(
      boolean transA,
      float[] a,
      int aOff,
      int lda,
      int i,
      int rows,
      int p0,
      int kc,
      float[] dst,
      int base) {
    for (int p = 0; p < kc; p++) {
      int d = base + p * MR;
      for (int r = 0; r < rows; r++) {
        dst[d + r] = transA ? a[aOff + (p0 + p) * lda + i + r] : a[aOff + (i + r) * lda + p0 + p];
      }
      for (int r = rows; r < MR; r++) {
        dst[d + r] = 0f;
      }
    }
  }

  /**
   * Packs op(B)[p0, p0 + kc) × [j0, j0 + nc) into {@code ceil(nc / NR)} panels from {@code
   * dst[dstOff]}; panel q holds {@code dst[dstOff + q * NR * kc + p * NR + j] = op(B)[p0 + p][j0 +
   * q * NR + j]}.
   */
  static void packB(
      boolean transB,
      float[] b,
      int bOff,
      int ldb,
      int p0,
      int kc,
      int j0,
      int nc,
      float[] dst,
      int dstOff) {
    if (!transB) {
      packRowsOfB(b, bOff, ldb, p0, kc, j0, nc, dst, dstOff);
      return;
    }
    for (int q = 0; q * NR < nc; q++) {
      int cols = Math.min(NR, nc - q * NR);
      int base = dstOff + q * NR * kc;
      int j = j0 + q * NR;
      // op(B)[p][j] = B[j][p]: walk each row of B contiguously, scattering with stride NR.
      for (int col = 0; col < cols; col++) {
        int src = bOff + (j + col) * ldb + p0;
        for (int p = 0; p < kc; p++) {
          dst[base + p * NR + col] = b[src + p];
        }
      }
      for (int col = cols; col < NR; col++) {
        for (int p = 0; p < kc; p++) {
          dst[base + p * NR + col] = 0f;
        }
      }
    }
  }

  /**
   * op(B) = B: row p of the slice is read once, front to back, and dealt out NR floats to each
   * panel. Walking panel by panel instead (NR floats from each of kc rows, ldb apart) reads B down
   * its columns, which the prefetchers follow badly: for a 1000×1000 B that packing took a quarter
   * of a 128-row product's time, and this order runs the product 10-20% faster.
   */
  private static void packRowsOfB(
      float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst, int dstOff) {
    int full = nc / NR;
    int rest = nc - full * NR;
    int panel = NR * kc;
    for (int p = 0; p < kc; p++) {
      int src = bOff + (p0 + p) * ldb + j0;
      int d = dstOff + p * NR;
      for (int q = 0; q < full; q++, src += NR, d += panel) {
        System.arraycopy(b, src, dst, d, NR); // a vector copy; an NR-float loop stays scalar
      }
      if (rest > 0) {
        for (int j = 0; j < rest; j++) {
          dst[d + j] = b[src + j];
        }
        for (int j = rest; j < NR; j++) {
          dst[d + j] = 0f;
        }
      }
    }
  }
}
