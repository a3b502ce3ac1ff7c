package dev.rectify.nn;

import dev.rectify.gemm.RowEpilogue;

/**
 * Hands rows of GEMM outputs to an activation as they become final. A convolution runs one GEMM per
 * sample, possibly several at once: {@link #from(int)} gives the epilogue for a GEMM whose row 0 is
 * the activation's row {@code offset}.
 *
 * <p>The block that ends at the activation's last row is held back until {@link #finish()}: {@link
 * UnaryActivationLayer#forwardRows} completes the forward (the L1 activity penalty over all of y)
 * when it receives the last row, so that block must come after every other one, and GEMM workers
 * may finish blocks in any order.
 */
final class ActivationRows {
  private final FusedEpilogue activation;
  private final int totalRows;
  private int deferredFrom = -1; // written by the one task that meets the end, read after joins

  ActivationRows(FusedEpilogue activation, int totalRows) {
    this.activation = activation;
    this.totalRows = totalRows;
  }

  /** The epilogue of a GEMM whose row r is the activation's row {@code offset + r}. */
  RowEpilogue from(int offset) {
    return (from, to) -> {
      if (offset + to == totalRows) {
        deferredFrom = offset + from;
      } else {
        activation.forwardRows(offset + from, offset + to);
      }
    };
  }

  /** Runs the held-back last block; call after every GEMM returned. */
  void finish() {
    if (deferredFrom >= 0) {
      activation.forwardRows(deferredFrom, totalRows);
    } else if (totalRows == 0) {
      activation.forwardRows(0, 0);
    }
  }
}
