package dev.rectify.nn;

import dev.rectify.tensor.Tensor;
import java.util.List;

/**
 * A differentiable building block: the runtime's unit of forward, backward and parameters.
 *
 * <p>Shapes here are whole-batch shapes ({@code [N, features]} or {@code [N, C, H, W]}); {@link
 * #build(int[])} sees one sample's shape (without {@code N}). A layer may reuse its output buffer
 * between calls: the tensor {@link #forward} returns is valid until the next forward, and the
 * caller must not modify it. {@link #backward} must not modify its argument either, and it
 * accumulates (adds) into the gradients of {@link #parameters()}.
 */
public interface Layer {

  /** A short, lower-case kind name for logs and metrics ({@code "dense"}, {@code "relu"}). */
  String name();

  /**
   * Called once, before the first forward, with the shape of one input sample (no batch dimension);
   * returns the shape of one output sample. Layers whose parameters depend on the input's size (a
   * per-channel PReLU) create them here.
   */
  default int[] build(int[] sampleShape) {
    return sampleShape.clone();
  }

  /** Computes the output for a batch, keeping what {@link #backward} needs. */
  Tensor forward(Tensor input, ForwardContext context);

  /**
   * Given dLoss/dOutput of the last {@link #forward}, accumulates parameter gradients and returns
   * dLoss/dInput.
   */
  Tensor backward(Tensor gradOutput);

  /**
   * As {@link #backward}, for a layer whose input needs no gradient (the data fed to a model): only
   * the parameter gradients are accumulated. Layers that can skip the input gradient's work
   * override this ({@link Sequential}); the default computes it and drops it.
   */
  default void backwardParameters(Tensor gradOutput) {
    backward(gradOutput);
  }

  /** Trained parameters and saved buffers, in a fixed order (checkpoints rely on it). */
  default List<Parameter> parameters() {
    return List.of();
  }
}
