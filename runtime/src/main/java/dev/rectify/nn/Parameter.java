package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/**
 * A trained tensor and its gradient, or a non-trained buffer (batch norm's running statistics) that
 * is still saved in checkpoints.
 *
 * <p>Layers accumulate into {@link #grad()} in backward; optimizers read it and {@link #zeroGrad()}
 * it. Parameters that must not be decayed (biases are decayed as in PyTorch; PReLU slopes and
 * batch-norm scales are not) say so with {@link #weightDecay()}.
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor grad;
  private final boolean weightDecay;

  private Parameter(String name, Tensor value, Tensor grad, boolean weightDecay) {
    this.name = name;
    this.value = value;
    this.grad = grad;
    this.weightDecay = weightDecay;
  }

  /** A trained parameter. */
  public static Parameter trainable(String name, Tensor value, boolean weightDecay) {
    return new Parameter(name, value, Tensor.zeros(value.shape()), weightDecay);
  }

  /** A buffer: saved and restored, never trained. */
  public static Parameter buffer(String name, Tensor value) {
    return new Parameter(name, value, null, false);
  }

  public String name() {
    return name;
  }

  public Tensor value() {
    return value;
  }

  /** The accumulated gradient; {@code null} for a buffer. */
  public Tensor grad() {
    return grad;
  }

  public boolean isTrainable() {
    return grad != null;
  }

  /** Whether optimizers apply weight decay to this parameter. */
  public boolean weightDecay() {
    return weightDecay;
  }

  public void zeroGrad() {
    if (grad != null) {
      grad.fill(0f);
    }
  }

  @Override
  public String toString() {
    return name + value;
  }
}
