package dev.rectify.nn;

import dev.rectify.tensor.Tensor;

/**
 * A trained tensor and its gradient, or a non-trained buffer (batch norm's running statistics) that
 * is still saved in checkpoints.
 *
 * <p>Layers accumulate into {@link #grad()} in backward; optimizers read it and {@link #zeroGrad()}
 * it. Zeroing is lazy, like PyTorch's {@code zero_grad(set_to_none=True)}: the gradient is filled
 * with zeros only when {@link #grad()} is next asked for, and a layer that writes every element in
 * one product (Dense's weight gradient) takes it with {@link #claimZeroedGrad()} instead, so a
 * 3-MiB gradient is not zeroed only to be added to once. So call {@code grad()} again after each
 * {@code zeroGrad()} rather than keeping its array, and from the thread that runs backward: the
 * lazy fill is not synchronised. Parameters that must not be decayed (biases are decayed as in
 * PyTorch; PReLU slopes and batch-norm scales are not) say so with {@link #weightDecay()}.
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor grad;
  private final boolean weightDecay;

  /** Whether {@link #zeroGrad()} was called and {@link #grad} not yet filled with zeros since. */
  private boolean zeroPending;

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

  /**
   * The accumulated gradient, zeros since the last {@link #zeroGrad()}; {@code null} for a buffer.
   */
  public Tensor grad() {
    if (zeroPending) {
      grad.fill(0f);
      zeroPending = false;
    }
    return grad;
  }

  /**
   * Whether the gradient is zero since the last {@link #zeroGrad()} and not yet filled; if so, the
   * caller must write every element of {@link #grad()} (which then returns it unfilled), as {@code
   * C = A · B} with beta = 0 does. Otherwise it accumulates as usual.
   */
  public boolean claimZeroedGrad() {
    boolean claimed = zeroPending;
    zeroPending = false;
    return claimed;
  }

  public boolean isTrainable() {
    return grad != null;
  }

  /** Whether optimizers apply weight decay to this parameter. */
  public boolean weightDecay() {
    return weightDecay;
  }

  /** Makes the gradient zero, lazily: see the class comment. */
  public void zeroGrad() {
    zeroPending = grad != null;
  }

  @Override
  public String toString() {
    return name + value;
  }
}
