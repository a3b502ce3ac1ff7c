package dev.rectify.nn;

import dev.rectify.gemm.RowEpilogue;

/**
 * Hands rows of a GEMM's output to an activation as they become final. Local row r of the current
 * GEMM is the activation's row {@code offset + r} (a convolution runs one GEMM per sample).
 *
 * <p>The block that ends at the activation's last row is held back until {@link #finish()}: {@link
 * UnaryActivationLayer#forwardRows} completes the forward (the L1 activity penalty over all of y)
 * when it receives the last row, so that block must come after every other one, and GEMM workers
 * may finish blocks in any order.
 */
final class ActivationRows implements RowEpilogue {
  private final FusedEpilogue activation;
  private final int totalRows;
  private int offset;
  private int deferredFrom = -1;

  ActivationRows(FusedEpilogue activation, int totalRows) {
    this.activation = activation;
    this.totalRows = totalRows;
  }

  /** The activation row of the next GEMM's row 0. */
  ActivationRows at(int rowOffset) {
    this.offset = rowOffset;
    return this;
  }

  @Override
  public void rowsDone(int from, int to) {
    if (offset + to == totalRows) {
      deferredFrom = offset + from; // read by finish() after the GEMM's join
    } else {
      activation.forwardRows(offset + from, offset + to);
    }
  }

  /** Runs the held-back last block; call after the last GEMM returned. */
  void finish() {
    if (deferredFrom >= 0) {
      activation.forwardRows(deferredFrom, totalRows);
    } else if (totalRows == 0) {
      activation.forwardRows(0, 0);
    }
  }
}
