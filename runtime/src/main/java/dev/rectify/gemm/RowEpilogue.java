package dev.rectify.gemm;

/**
 * Work to run on rows of C as soon as they are final, while they are still in cache: a layer's bias
 * and activation fused into its GEMM. Called once for each row of C, in blocks of consecutive rows,
 * possibly from several threads at once; different calls never share a row.
 *
 * <p>An epilogue must not call {@link Gemm}: it runs in the middle of the product, on a thread
 * whose packing buffers hold operands the rest of the product still reads.
 */
@FunctionalInterface
public interface RowEpilogue {

  /** Rows {@code [from, to)} of C hold their final values. */
  void rowsDone(int from, int to);
}
