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
  private Packing() {}

  /**
   * Packs op(A)[i0, i0 + mc) × [p0, p0 + kc) into {@code ceil(mc / MR)} panels; panel q holds
   * {@code dst[q * MR * kc + p * MR + r] = op(A)[i0 + q * MR + r][p0 + p]}.
   */
  static void packA(
      boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
    for (int q = 0; q * MR < mc; q++) {
      int rows = Math.min(MR, mc - q * MR);
      int base = q * MR * kc;
      int i = i0 + q * MR;
      if (transA) {
        // op(A)[i][p] = A[p][i]: each step p reads MR consecutive floats of row p of A.
        for (int p = 0; p < kc; p++) {
          int src = aOff + (p0 + p) * lda + i;
          int d = base + p * MR;
          for (int r = 0; r < rows; r++) {
            dst[d + r] = a[src + r];
          }
          for (int r = rows; r < MR; r++) {
            dst[d + r] = 0f;
          }
        }
      } else {
        // op(A)[i][p] = A[i][p]: walk each row of A contiguously, scattering with stride MR.
        for (int r = 0; r < rows; r++) {
          int src = aOff + (i + r) * lda + p0;
          for (int p = 0; p < kc; p++) {
            dst[base + p * MR + r] = a[src + p];
          }
        }
        for (int r = rows; r < MR; r++) {
          for (int p = 0; p < kc; p++) {
            dst[base + p * MR + r] = 0f;
          }
        }
      }
    }
  }

  /**
   * Packs op(B)[p0, p0 + kc) × [j0, j0 + nc) into {@code ceil(nc / NR)} panels; panel q holds
   * {@code dst[q * NR * kc + p * NR + j] = op(B)[p0 + p][j0 + q * NR + j]}.
   */
  static void packB(
      boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst) {
    if (!transB) {
      packRowsOfB(b, bOff, ldb, p0, kc, j0, nc, dst);
      return;
    }
    for (int q = 0; q * NR < nc; q++) {
      int cols = Math.min(NR, nc - q * NR);
      int base = q * NR * kc;
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
      float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst) {
    int full = nc / NR;
    int rest = nc - full * NR;
    int panel = NR * kc;
    for (int p = 0; p < kc; p++) {
      int src = bOff + (p0 + p) * ldb + j0;
      int d = p * NR;
      for (int q = 0; q < full; q++, src += NR, d += panel) {
        for (int j = 0; j < NR; j++) {
          dst[d + j] = b[src + j];
        }
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
