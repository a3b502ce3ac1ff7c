package dev.rectify.nn;

/**
 * What an activation layer keeps from forward for backward, as chosen by the processor's analysis.
 */
public enum BackwardStorage {
  /**
   * One bit per element: the backward factor depends on the input only through comparisons and
   * takes one of two values (ReLU, Leaky ReLU, ReLU6, hard tanh, SUGAR surrogates excluded).
   */
  MASK(0.125),
  /** The output: the derivative is stated in terms of {@code y} (sigmoid, tanh) and checked. */
  OUTPUT(4),
  /** The input: the general case. */
  INPUT(4);

  private final double bytesPerElement;

  BackwardStorage(double bytesPerElement) {
    this.bytesPerElement = bytesPerElement;
  }

  /** Bytes kept per element between forward and backward. */
  public double bytesPerElement() {
    return bytesPerElement;
  }
}
