package dev.rectify.loss;

import dev.rectify.tensor.Tensor;

/**
 * A loss over a batch of outputs {@code [N, C]} and integer labels, used like a layer: {@link
 * #forward} returns the mean loss over the batch and keeps what {@link #backward} needs.
 *
 * <pre>{@code
 * Loss loss = new SoftmaxCrossEntropy();
 * double value = loss.forward(logits, labels);  // mean over the N samples
 * model.backward(loss.backward());              // dLoss/dLogits, already divided by N
 * }</pre>
 *
 * <p>The gradient tensor is reused between calls: it is valid until the next {@link #forward}.
 */
public interface Loss {

  /** A short, lower-case name for logs ({@code "softmax-cross-entropy"}). */
  String name();

  /**
   * The mean loss of {@code output} (shape {@code [N, C]}) against {@code labels} (length N, each
   * in {@code [0, C)}).
   */
  double forward(Tensor output, int[] labels);

  /** dLoss/dOutput of the last {@link #forward}, shape {@code [N, C]}. */
  Tensor backward();
}
