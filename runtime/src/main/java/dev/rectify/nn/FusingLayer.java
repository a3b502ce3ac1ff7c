package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/**
 * A layer whose output rows can be handed to the activation that follows while they are still in
 * cache: {@link Dense} and {@link Conv2d}. {@link Sequential} pairs it with a following {@link
 * FusedEpilogue}; the pair must compute exactly what the two layers compute one after the other.
 *
 * <pre>{@code
 * Tensor y = dense.forwardFused(x, ctx.forLayer(0), relu, ctx.forLayer(1)); // relu(x·W + b)
 * Tensor dx = dense.backwardFused(dy, relu);  // also accumulates dW, db and relu's parameters
 * }</pre>
 */
public interface FusingLayer extends Layer {

  /**
   * Forward through this layer and then {@code activation}, in place: returns the activation's
   * output, which is this layer's output buffer (the pre-activations are overwritten).
   */
  Tensor forwardFused(
      Tensor input,
      ForwardContext context,
      FusedEpilogue activation,
      ForwardContext activationContext);

  /** Backward through {@code activation} and then this layer, given dLoss/d(activation output). */
  default Tensor backwardFused(Tensor gradOutput, FusedEpilogue activation) {
    return backward(gradOutput, activation, true);
  }

  /**
   * Backward through {@code activation} (null when there is none) and then this layer, accumulating
   * the parameter gradients; dLoss/dInput is computed and returned only if {@code inputGradient},
   * else null is returned. A model's first layer sees data, which needs no gradient: skipping its
   * input-gradient product saves a third of that layer's backward flops.
   */
  Tensor backward(Tensor gradOutput, FusedEpilogue activation, boolean inputGradient);
}
