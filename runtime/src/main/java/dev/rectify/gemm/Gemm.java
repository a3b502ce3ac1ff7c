package dev.rectify.gemm;

/**
 * Single-precision matrix multiply, {@code C = alpha · op(A) · op(B) + beta · C}, with row-major
 * BLAS semantics: op(X) is X or Xᵀ, op(A) is m×k, op(B) is k×n, C is m×n, and element (i, j) of a
 * matrix X stored from {@code off} with leading dimension {@code ld} is {@code x[off + i * ld +
 * j]}. When {@code beta} is 0, C is not read (NaNs in it do not propagate), as in BLAS. C must not
 * overlap A or B.
 *
 * <pre>{@code
 * // Z[N, out] = X[N, in] · W[in, out]
 * Gemm.sgemm(false, false, n, out, in, 1f, x, 0, in, w, 0, out, 0f, z, 0, out);
 * // dX[N, in] = dZ[N, out] · Wᵀ, without forming Wᵀ
 * Gemm.sgemm(false, true, n, in, out, 1f, dz, 0, out, w, 0, out, 0f, dx, 0, in);
 * }</pre>
 *
 * <h2>How it is fast</h2>
 *
 * The structure is Goto and van de Geijn's ("Anatomy of high-performance matrix multiplication",
 * TOMS 2008) as in BLIS: a KC-deep slice of op(B), NC columns wide, is packed into panels of NR
 * columns; for each MC-row block of op(A), that block is packed into panels of MR rows; then a
 * register-tiled micro-kernel ({@link MicroKernel}) multiplies one MR×NR tile of C at a time,
 * holding the whole tile in vector registers while it walks the KC steps. Packing turns every
 * transpose and leading dimension into unit-stride reads, so Aᵀ·B and A·Bᵀ cost the same as A·B.
 * Threads split C into blocks of whole tiles, by rows or by columns; when they split it by rows,
 * each needs all of op(B), so all of them first pack it once together and then share it.
 *
 * <h2>Why it is deterministic</h2>
 *
 * Each element of C is computed by the same chain of fused multiply-adds whichever thread, tile or
 * kernel computes it: the k dimension is cut at the fixed multiples of {@link #KC}, each slice is
 * summed in order p = 0, 1, ... into a zeroed accumulator, and added to C as {@code c = fma(alpha,
 * acc, c)} slice after slice. Threads only ever split C into disjoint blocks of whole tiles on the
 * same global MR×NR grid; k is never split across threads. So results are bit-identical for any
 * thread count, and the scalar and vector kernels agree bit for bit.
 */
public final class Gemm {
  /**
   * Register-tile rows: the chosen micro-kernel's ({@link MicroKernel#rows}), fixed when this class
   * initialises, so the JIT folds it like a literal. 5 for the 256-bit and scalar kernels: with
   * {@link #NR} = 16 (two 8-float AVX2 vectors) the tile needs 10 accumulator registers, plus two
   * for the row of B and one for the broadcast element of A: 13 of the 16 ymm registers. BLIS's
   * 6×16 needs 15, which C2's register allocator often fails to fit: in about half of all JVM runs
   * it spilled four accumulators to the stack inside the k loop and the whole GEMM ran at half
   * speed (30 against 65 GFLOPS at 1024³, on Zen 2). 5×16 never spilled and runs within a few
   * percent of a well-compiled 6×16. 10 for the 512-bit kernel, one zmm register per row. {@link
   * Packing} spells out its copies of transposed A in groups of five rows.
   */
  static final int MR = MicroKernels.get().rows();

  /** Register-tile columns: two 256-bit vectors (or one 512-bit one) of floats. */
  static final int NR = 16;

  /**
   * Depth of a packed slice. A KC×NR panel of B (16 KiB) stays in the L1 data cache (32 KiB on Zen
   * 3, 48 on Zen 5) while the kernel streams MR×KC panels of A (5 or 10 KiB) past it; KC also
   * bounds how many products are summed before they reach C.
   */
  static final int KC = 256;

  /**
   * Rows of op(A) packed at a time: an MC×KC block (150 KiB) lives in the L2 cache (512 KiB per
   * core on Zen 3, at least 256 KiB on recent Intel) while every NR-panel of B is multiplied by it.
   * A multiple of MR.
   */
  static final int MC = 150;

  /**
   * Columns of op(B) packed at a time: a KC×NC slice (about 4 MiB) lives in the shared L3 cache. A
   * multiple of NR.
   */
  static final int NC = 4080;

  /**
   * Below this many flops the work is too small to be worth waking other threads: a hand-off costs
   * some microseconds, and 2 MFLOP take about 30 µs on one core at 70 GFLOPS.
   */
  private static final long MIN_PARALLEL_FLOPS = 2L << 20;

  /**
   * The most floats of op(B), packed, that row-split tasks share (16 MiB). When the threads split C
   * by rows, each needs all of op(B): up to this size it is packed once, by all of them, before
   * they start; beyond it each task packs the slices it needs itself, as on one thread.
   */
  private static final long MAX_SHARED_PACKED_B = 1L << 22;

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  private Gemm() {}

  /** {@code C = alpha · op(A) · op(B) + beta · C} on the {@link GemmPool#common() common pool}. */
  public static void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {
    sgemm(
        MicroKernels.get(),
        GemmPool.common(),
        transA,
        transB,
        m,
        n,
        k,
        alpha,
        a,
        aOff,
        lda,
        b,
        bOff,
        ldb,
        beta,
        c,
        cOff,
        ldc,
        null);
  }

  /**
   * {@code C = alpha · op(A) · op(B) + beta · C} on {@code pool}, calling {@code epilogue} (if not
   * null) on blocks of rows of C as soon as they are final, from the thread that finished them.
   */
  public static void sgemm(
      GemmPool pool,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      RowEpilogue epilogue) {
    sgemm(
        MicroKernels.get(),
        pool,
        transA,
        transB,
        m,
        n,
        k,
        alpha,
        a,
        aOff,
        lda,
        b,
        bOff,
        ldb,
        beta,
        c,
        cOff,
        ldc,
        epilogue);
  }

  /**
   * The name of the micro-kernel in use ({@code "panama-512"}, {@code "panama-256"} or {@code
   * "scalar"}), for logs.
   */
  public static String kernelName() {
    return MicroKernels.get().name();
  }

  static void sgemm(
      MicroKernel kernel,
      GemmPool pool,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc,
      RowEpilogue epilogue) {
    if (!kernel.computesTilesOf(MR)) {
      throw new IllegalArgumentException(
          kernel.name() + " computes " + kernel.rows() + "-row tiles; Gemm packs " + MR + " rows");
    }
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("negative size: m=" + m + " n=" + n + " k=" + k);
    }
    checkMatrix("C", c, cOff, ldc, m, n);
    if (k > 0 && alpha != 0f) {
      checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
      checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
    }
    if (m == 0 || n == 0) {
      if (epilogue != null && m > 0) {
        epilogue.rowsDone(0, m);
      }
      return;
    }
    Problem p =
        new Problem(
            kernel, transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    int rowPanels = (m + MR - 1) / MR;
    int colPanels = (n + NR - 1) / NR;
    long flops = 2L * m * n * k;
    int parts =
        flops < MIN_PARALLEL_FLOPS ? 1 : Math.min(pool.threads(), Math.max(rowPanels, colPanels));
    // Split the dimension with more tiles; with an epilogue prefer whole rows, so that each task
    // can finish its rows while they are hot.
    boolean splitRows =
        rowPanels >= colPanels || (epilogue != null && rowPanels >= parts) || parts == 1;
    int panels = splitRows ? rowPanels : colPanels;
    int tasks = parts;
    // Not parallelForRanges, though the split is the same: through that method's lambda, shared
    // with other callers, C2 compiled block() worse here, and the MLP step's forward products
    // took 8.1 instead of 5.6 ms on two threads.
    float[] sharedB = splitRows && parts > 1 ? sharePackedB(pool, p, n, parts) : null;
    try {
      pool.parallelFor(
          tasks,
          t -> {
            int from = (int) ((long) t * panels / tasks);
            int to = (int) ((long) (t + 1) * panels / tasks);
            if (splitRows) {
              p.block(from * MR, Math.min(to * MR, m), 0, n, epilogue, sharedB);
            } else {
              p.block(0, m, from * NR, Math.min(to * NR, n), null, null);
            }
          });
    } finally {
      if (sharedB != null) {
        WORKSPACE.get().returnSharedB(sharedB);
      }
    }
    if (epilogue != null && !splitRows) {
      for (int i = 0; i < m; i += MC) {
        epilogue.rowsDone(i, Math.min(m, i + MC));
      }
    }
  }

  /**
   * All of op(B) packed by {@code parts} tasks into a buffer taken from the caller's workspace
   * (give it back with {@link Workspace#returnSharedB}), as {@link Problem#block} reads it; null
   * when it is too large to share or there is nothing to multiply. Packing copies, so the values
   * each task multiplies are the same as when it packs its own.
   */
  private static float[] sharePackedB(GemmPool pool, Problem p, int n, int parts) {
    long size = (long) p.k() * roundUp(n, NR);
    if (size > MAX_SHARED_PACKED_B || p.k() == 0 || p.alpha() == 0f) {
      return null;
    }
    float[] packed = WORKSPACE.get().takeSharedB((int) size);
    int slices = (p.k() + KC - 1) / KC;
    pool.parallelFor(
        parts,
        t -> {
          for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            int from = (int) ((long) t * panels / parts);
            int to = (int) ((long) (t + 1) * panels / parts);
            if (from == to) {
              continue;
            }
            for (int s = 0; s < slices; s++) {
              int pc = s * KC;
              int kc = Math.min(KC, p.k() - pc);
              int cols = Math.min(to * NR, nc) - from * NR;
              Packing.packB(
                  p.transB(),
                  p.b(),
                  p.bOff(),
                  p.ldb(),
                  pc,
                  kc,
                  jc + from * NR,
                  cols,
                  packed,
                  Problem.sharedSlice(p.k(), jc, pc, nc) + from * NR * kc);
            }
          }
        });
    return packed;
  }

  private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(
          "leading dimension of " + name + " is " + ld + ", less than its " + cols + " columns");
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long last = off + (long) (rows - 1) * ld + cols - 1;
    if (off < 0 || last >= x.length) {
      throw new IndexOutOfBoundsException(
          name
              + " is "
              + rows
              + "×"
              + cols
              + " from offset "
              + off
              + " with leading dimension "
              + ld
              + ", needing "
              + (last + 1)
              + " floats; the array has "
              + x.length);
    }
  }

  /** One call's operands, shared read-only by its tasks. */
  private record Problem(
      MicroKernel kernel,
      boolean transA,
      boolean transB,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float beta,
      float[] c,
      int cOff,
      int ldc) {

    /**
     * Computes C[r0, r1) × [c0, c1) completely; {@code epilogue} only when c0..c1 is all of n. With
     * {@code sharedB} (all of op(B), packed by {@link #sharePackedB}; c0..c1 is then all of n) the
     * slices of B are read from there instead of packed here.
     */
    void block(int r0, int r1, int c0, int c1, RowEpilogue epilogue, float[] sharedB) {
      boolean multiply = k > 0 && alpha != 0f;
      // beta · C first, so the kernels only ever accumulate; when beta is 0 the first block of k
      // overwrites C instead (tileOverwrite), which never reads it.
      if (beta != 1f && (beta != 0f || !multiply)) {
        scale(r0, r1, c0, c1);
      }
      if (!multiply) {
        if (epilogue != null) {
          epilogue.rowsDone(r0, r1);
        }
        return;
      }
      Workspace ws = WORKSPACE.get();
      for (int jc = c0; jc < c1; jc += NC) {
        int nc = Math.min(NC, c1 - jc);
        float[] packedB = sharedB != null ? sharedB : ws.packedB(KC * roundUp(nc, NR));
        for (int pc = 0; pc < k; pc += KC) {
          int kc = Math.min(KC, k - pc);
          boolean last = jc + nc == c1 && pc + kc == k;
          int slice = 0;
          if (sharedB != null) {
            slice = sharedSlice(k, jc, pc, nc);
          } else {
            Packing.packB(transB, b, bOff, ldb, pc, kc, jc, nc, packedB, 0);
          }
          for (int ic = r0; ic < r1; ic += MC) {
            int mc = Math.min(MC, r1 - ic);
            Packing.packA(transA, a, aOff, lda, ic, mc, pc, kc, ws.packedA);
            macroKernel(ws, ic, mc, jc, nc, kc, packedB, slice, beta == 0f && pc == 0);
            if (last && epilogue != null) {
              epilogue.rowsDone(ic, ic + mc);
            }
          }
        }
      }
    }

    /**
     * Where the slice op(B)[pc, pc + KC) × [jc, jc + nc) starts in a shared packing of all of
     * op(B): the NC-wide column blocks one after another, each k deep (the blocks before jc are NC
     * wide, a multiple of NR, so they take jc · k floats), and within a block the KC-deep slices.
     */
    static int sharedSlice(int k, int jc, int pc, int nc) {
      return jc * k + pc * roundUp(nc, NR);
    }

    /**
     * C[ic, ic + mc) × [jc, jc + nc) += alpha · packedA · packedB (its slice starting at {@code
     * slice}), tile by tile; = when {@code overwrite}.
     */
    private void macroKernel(
        Workspace ws,
        int ic,
        int mc,
        int jc,
        int nc,
        int kc,
        float[] packedB,
        int slice,
        boolean overwrite) {
      float[] packedA = ws.packedA;
      for (int jr = 0; jr < nc; jr += NR) {
        int cols = Math.min(NR, nc - jr);
        int bPanel = slice + jr * kc; // (jr / NR) panels of NR * kc floats
        for (int ir = 0; ir < mc; ir += MR) {
          int rows = Math.min(MR, mc - ir);
          int aPanel = ir * kc;
          int tile = cOff + (ic + ir) * ldc + jc + jr;
          if (rows == MR && cols == NR) {
            if (overwrite) {
              kernel.tileOverwrite(kc, packedA, aPanel, packedB, bPanel, alpha, c, tile, ldc);
            } else {
              kernel.tile(kc, packedA, aPanel, packedB, bPanel, alpha, c, tile, ldc);
            }
          } else {
            edgeTile(ws.edge, kc, packedA, aPanel, packedB, bPanel, tile, rows, cols, overwrite);
          }
        }
      }
    }

    /**
     * A tile cut by the edge of C: the kernel writes the whole tile into scratch with alpha = 1,
     * which stores the plain sums (fma(1, acc, 0) = acc), and only the valid part is added to C, or
     * written when {@code overwrite}, with the same final fma as a full tile.
     */
    private void edgeTile(
        float[] edge,
        int kc,
        float[] packedA,
        int aPanel,
        float[] packedB,
        int bPanel,
        int tile,
        int rows,
        int cols,
        boolean overwrite) {
      kernel.tileOverwrite(kc, packedA, aPanel, packedB, bPanel, 1f, edge, 0, NR);
      for (int r = 0; r < rows; r++) {
        int row = tile + r * ldc;
        for (int j = 0; j < cols; j++) {
          c[row + j] = Math.fma(alpha, edge[r * NR + j], overwrite ? 0f : c[row + j]);
        }
      }
    }

    /** C = beta · C on a block (zeros when beta is 0, ignoring what C held). */
    private void scale(int r0, int r1, int c0, int c1) {
      for (int i = r0; i < r1; i++) {
        int row = cOff + i * ldc;
        for (int j = row + c0; j < row + c1; j++) {
          c[j] = beta == 0f ? 0f : beta * c[j];
        }
      }
    }
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /** One thread's packing buffers, kept between calls: steady-state GEMMs allocate nothing. */
  private static final class Workspace {
    final float[] packedA = new float[MC * KC];
    final float[] edge = new float[MR * NR];
    private float[] packedB = new float[0];
    private static final float[] NONE = {};
    private float[] sharedB = NONE; // all of op(B), for the tasks of this thread's call

    /**
     * The shared-B buffer, at least {@code size} long, out of the workspace until returned: a call
     * made meanwhile on this thread (which no caller should make, see RowEpilogue) gets its own.
     */
    float[] takeSharedB(int size) {
      float[] buffer = sharedB.length >= size ? sharedB : new float[size];
      sharedB = NONE;
      return buffer;
    }

    void returnSharedB(float[] buffer) {
      if (buffer.length > sharedB.length) {
        sharedB = buffer;
      }
    }

    float[] packedB(int size) {
      if (packedB.length < size) {
        packedB = new float[size];
      }
      return packedB;
    }
  }
}
