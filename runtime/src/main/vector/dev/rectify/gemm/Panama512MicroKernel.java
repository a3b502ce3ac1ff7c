package dev.rectify.gemm;

import static dev.rectify.gemm.Gemm.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the Panama Vector API for 512-bit vectors (AVX-512): the 10×16 tile of C
 * lives in ten 16-float accumulators (one per row), and each step loads one 16-float row of the B
 * panel, broadcasts each of the ten A values and issues ten independent FMAs, enough to cover the
 * FMA latency of two 512-bit pipes (Zen 5). With the B row and the broadcast the tile takes 12 of
 * the 32 zmm registers. At 1024³ on one Zen 5 core it ran 136 GFLOPS against 74 for the 256-bit
 * 5×16 kernel on the same packing; 6 and 15 rows gave the same within noise, and ten leaves less
 * padding at the batch sizes training uses (M = 128 ends in an 8-row panel).
 *
 * <p>NOTE: loaded only by {@link MicroKernels} through reflection when {@code jdk.incubator.vector}
 * is in the boot layer and the CPU has 512-bit vectors; no other class may refer to it.
 */
final class Panama512MicroKernel implements MicroKernel {
  private static final int MR = 10;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

  Panama512MicroKernel() {
    if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < S.vectorBitSize()) {
      throw new UnsupportedOperationException(
          "the CPU's vectors are "
              + FloatVector.SPECIES_PREFERRED.vectorBitSize()
              + " bits; this GEMM kernel needs 512");
    }
  }

  @Override
  public void tile(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    FloatVector c6 = FloatVector.zero(S);
    FloatVector c7 = FloatVector.zero(S);
    FloatVector c8 = FloatVector.zero(S);
    FloatVector c9 = FloatVector.zero(S);
    // B's offset is the loop variable, as in Panama256MicroKernel
    int ap = aOff;
    for (int bp = bOff, end = bOff + kc * NR; bp < end; bp += NR, ap += MR) {
      FloatVector bv = FloatVector.fromArray(S, b, bp);
      c0 = FloatVector.broadcast(S, a[ap + 0]).fma(bv, c0);
      c1 = FloatVector.broadcast(S, a[ap + 1]).fma(bv, c1);
      c2 = FloatVector.broadcast(S, a[ap + 2]).fma(bv, c2);
      c3 = FloatVector.broadcast(S, a[ap + 3]).fma(bv, c3);
      c4 = FloatVector.broadcast(S, a[ap + 4]).fma(bv, c4);
      c5 = FloatVector.broadcast(S, a[ap + 5]).fma(bv, c5);
      c6 = FloatVector.broadcast(S, a[ap + 6]).fma(bv, c6);
      c7 = FloatVector.broadcast(S, a[ap + 7]).fma(bv, c7);
      c8 = FloatVector.broadcast(S, a[ap + 8]).fma(bv, c8);
      c9 = FloatVector.broadcast(S, a[ap + 9]).fma(bv, c9);
    }
    // c = fma(alpha, acc, c), written out: the method must stay small enough for C2 to inline
    // every Vector API call in it (see Panama256MicroKernel)
    FloatVector al = FloatVector.broadcast(S, alpha);
    int row = cOff;
    al.fma(c0, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c1, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c2, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c3, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c4, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c5, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c6, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c7, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c8, FloatVector.fromArray(S, c, row)).intoArray(c, row);
    row += ldc;
    al.fma(c9, FloatVector.fromArray(S, c, row)).intoArray(c, row);
  }

  @Override
  public void tileOverwrite(
      int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = FloatVector.zero(S);
    FloatVector c2 = FloatVector.zero(S);
    FloatVector c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S);
    FloatVector c5 = FloatVector.zero(S);
    FloatVector c6 = FloatVector.zero(S);
    FloatVector c7 = FloatVector.zero(S);
    FloatVector c8 = FloatVector.zero(S);
    FloatVector c9 = FloatVector.zero(S);
    // the k loop exactly as in tile
    int ap = aOff;
    for (int bp = bOff, end = bOff + kc * NR; bp < end; bp += NR, ap += MR) {
      FloatVector bv = FloatVector.fromArray(S, b, bp);
      c0 = FloatVector.broadcast(S, a[ap + 0]).fma(bv, c0);
      c1 = FloatVector.broadcast(S, a[ap + 1]).fma(bv, c1);
      c2 = FloatVector.broadcast(S, a[ap + 2]).fma(bv, c2);
      c3 = FloatVector.broadcast(S, a[ap + 3]).fma(bv, c3);
      c4 = FloatVector.broadcast(S, a[ap + 4]).fma(bv, c4);
      c5 = FloatVector.broadcast(S, a[ap + 5]).fma(bv, c5);
      c6 = FloatVector.broadcast(S, a[ap + 6]).fma(bv, c6);
      c7 = FloatVector.broadcast(S, a[ap + 7]).fma(bv, c7);
      c8 = FloatVector.broadcast(S, a[ap + 8]).fma(bv, c8);
      c9 = FloatVector.broadcast(S, a[ap + 9]).fma(bv, c9);
    }
    // c = fma(alpha, acc, 0): C is only written
    FloatVector al = FloatVector.broadcast(S, alpha);
    FloatVector zero = FloatVector.zero(S);
    int row = cOff;
    al.fma(c0, zero).intoArray(c, row);
    row += ldc;
    al.fma(c1, zero).intoArray(c, row);
    row += ldc;
    al.fma(c2, zero).intoArray(c, row);
    row += ldc;
    al.fma(c3, zero).intoArray(c, row);
    row += ldc;
    al.fma(c4, zero).intoArray(c, row);
    row += ldc;
    al.fma(c5, zero).intoArray(c, row);
    row += ldc;
    al.fma(c6, zero).intoArray(c, row);
    row += ldc;
    al.fma(c7, zero).intoArray(c, row);
    row += ldc;
    al.fma(c8, zero).intoArray(c, row);
    row += ldc;
    al.fma(c9, zero).intoArray(c, row);
  }

  @Override
  public int rows() {
    return MR;
  }

  @Override
  public String name() {
    return "panama-512";
  }
}
