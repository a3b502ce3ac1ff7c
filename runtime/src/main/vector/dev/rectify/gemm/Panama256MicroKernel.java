package dev.rectify.gemm;

import static dev.rectify.gemm.Gemm.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the Panama Vector API for 256-bit vectors (AVX2): the 5×16 tile of C lives in
 * ten 8-float accumulators (two per row), and each step loads one 16-float row of the B panel,
 * broadcasts each of the five A values and issues ten independent FMAs. Ten independent chains hide
 * the FMA latency (4 cycles, 2 per cycle on Zen 3 and Haswell needs at least 8 in flight); with the
 * two B vectors and the broadcast they take 13 of the 16 ymm registers, so C2 keeps the loop free
 * of spills.
 *
 * <p>On AVX-512 {@link Panama512MicroKernel} runs instead.
 *
 * <p>NOTE: loaded only by {@link MicroKernels} through reflection when {@code jdk.incubator.vector}
 * is in the boot layer; no other class may refer to it.
 */
final class Panama256MicroKernel implements MicroKernel {
  private static final int MR = 5;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8; // S.length(), as a constant so offsets fold

  Panama256MicroKernel() {
    // 256-bit float vectors must be native: on 128-bit hardware the API would emulate them
    // slower than the scalar kernel runs.
    if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < S.vectorBitSize()) {
      throw new UnsupportedOperationException(
          "the CPU's vectors are "
              + FloatVector.SPECIES_PREFERRED.vectorBitSize()
              + " bits; the vector GEMM kernel needs 256");
    }
  }

  @Override
  public void tile(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S);
    FloatVector c41 = FloatVector.zero(S);
    // The B offset is the loop variable itself: C2 compiles this form of the loop faster (98
    // against 87 GFLOPS in cache) than offsets computed from a separate counter p.
    int ap = aOff;
    for (int bp = bOff, end = bOff + kc * NR; bp < end; bp += NR, ap += MR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector av = FloatVector.broadcast(S, a[ap]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, a[ap + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, a[ap + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, a[ap + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(S, a[ap + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
    }
    // c = fma(alpha, acc, c), written out: this method must stay small enough for C2 to inline
    // every Vector API call in it, or the accumulators get boxed on the heap (a 2x slowdown seen
    // when an extra store path was added here).
    FloatVector al = FloatVector.broadcast(S, alpha);
    al.fma(c00, FloatVector.fromArray(S, c, cOff)).intoArray(c, cOff);
    al.fma(c01, FloatVector.fromArray(S, c, cOff + L)).intoArray(c, cOff + L);
    int row = cOff + ldc;
    al.fma(c10, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    al.fma(c11, FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    al.fma(c20, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    al.fma(c21, FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    al.fma(c30, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    al.fma(c31, FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
    row += ldc;
    al.fma(c40, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    al.fma(c41, FloatVector.fromArray(S, c, row + L)).intoArray(c, row + L);
  }

  @Override
  public void tileOverwrite(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S);
    FloatVector c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S);
    FloatVector c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S);
    FloatVector c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S);
    FloatVector c41 = FloatVector.zero(S);
    // the k loop exactly as in tile
    int ap = aOff;
    for (int bp = bOff, end = bOff + kc * NR; bp < end; bp += NR, ap += MR) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector av = FloatVector.broadcast(S, a[ap]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(S, a[ap + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(S, a[ap + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(S, a[ap + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(S, a[ap + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
    }
    // c = fma(alpha, acc, 0): as tile's stores on a zeroed tile, but C is only written (a
    // separate method, not a flag in tile: see there)
    FloatVector al = FloatVector.broadcast(S, alpha);
    FloatVector zero = FloatVector.zero(S);
    al.fma(c00, zero).intoArray(c, cOff);
    al.fma(c01, zero).intoArray(c, cOff + L);
    int row = cOff + ldc;
    al.fma(c10, zero).intoArray(c, row);
    al.fma(c11, zero).intoArray(c, row + L);
    row += ldc;
    al.fma(c20, zero).intoArray(c, row);
    al.fma(c21, zero).intoArray(c, row + L);
    row += ldc;
    al.fma(c30, zero).intoArray(c, row);
    al.fma(c31, zero).intoArray(c, row + L);
    row += ldc;
    al.fma(c40, zero).intoArray(c, row);
    al.fma(c41, zero).intoArray(c, row + L);
  }

  @Override
  public int rows() {
    return MR;
  }

  @Override
  public String name() {
    return "panama-256";
  }
}
