package dev.rectify.nn;

import dev.rectify.gemm.RowEpilogue;

/**
 * Hands rows of GEMM outputs to an activation as they become final. A convolution runs one GEMM per
 * sample, possibly several at once: {@link #from(int)} gives the epilogue for a GEMM whose row 0 is
 * the activation's row {@code offset}. Blocks may arrive in any order from any GEMM worker; {@link
 * #finish()} completes the forward once every GEMM has returned.
 */
final class ActivationRows {
  private final FusedEpilogue activation;

  ActivationRows(FusedEpilogue activation) {
    this.activation = activation;
  }

  /** The epilogue of a GEMM whose row r is the activation's row {@code offset + r}. */
  RowEpilogue from(int offset) {
    return (from, to) -> activation.forwardRows(offset + from, offset + to);
  }

  /** Call after every GEMM returned. */
  void finish() {
    activation.finishForward();
  }
}
