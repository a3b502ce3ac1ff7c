package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/**
 * How {@code Dense} and {@code Conv2d} apply the activation that follows them while their output is
 * still in cache, and turn dLoss/dy into dLoss/dz in backward without a separate pass (the cuBLASLt
 * RELU_AUX / DRELU_BGRAD and oneDNN post-op idea).
 *
 * <p>The producing layer views its output as {@link #rows(Tensor)} rows of equal length and hands
 * rows out, possibly to several threads at once; different calls never share a row. A row is a
 * sample for {@code [N, features]} and one channel of one sample for {@code [N, C, H, W]}.
 *
 * <pre>{@code
 * epilogue.beginForward(z, context);          // z: the pre-activations, overwritten by y
 * epilogue.forwardRows(0, epilogue.rows(z));  // or in row blocks from GEMM workers
 * epilogue.finishForward();                   // after every row: the L1 activity penalty
 * ...
 * epilogue.backwardRows(dy, dz, 0, rows);     // dz = dy * f'(z)
 * epilogue.finishBackward(dy);                // learnable activation parameters, if any
 * }</pre>
 */
public interface FusedEpilogue {

  /** How many rows {@code output} has for this activation. */
  int rows(Tensor output);

  /** Starts a training or evaluation forward whose pre-activations are in {@code z}. */
  void beginForward(Tensor z, ForwardContext context);

  /** Replaces {@code z} by f(z) in rows {@code [from, to)}, keeping what backward needs. */
  void forwardRows(int from, int to);

  /**
   * After every row of the forward, in whatever order and from whatever threads they came:
   * completes what needs the whole output (the L1 activity penalty).
   */
  void finishForward();

  /** {@code dz = dy * backward factor} in rows {@code [from, to)}; {@code dz} may be {@code dy}. */
  void backwardRows(Tensor dy, Tensor dz, int from, int to);

  /** After all rows: accumulates the gradients of learnable activation parameters, if any. */
  void finishBackward(Tensor dy);
}
