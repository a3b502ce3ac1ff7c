package dev.rectify.nn;

/**
 * What an activation layer keeps from forward for backward, as chosen by the processor's analysis.
 */
public enum BackwardStorage {
  /**
   * One bit per element: the backward factor depends on the input only through comparisons and
   * takes one of two values (ReLU, Leaky ReLU, ReLU6, hard tanh, the Leaky ReLU surrogate).
   */
  MASK(0.125),
  /** The output: the derivative is stated in terms of {@code y} (sigmoid, tanh) and checked. */
  OUTPUT(4),
  /** The input: the general case. */
  INPUT(4),
  /**
   * The backward factor itself, computed in forward together with the output and kept in float:
   * where it is transcendental (GELU, SiLU, Mish, Softplus), so that recomputing it from the input
   * in backward would repeat the forward's exponential. The same bytes as the input, and the same
   * gradients bit for bit: backward multiplies dy by the factor rounded to float either way.
   */
  FACTOR(4),
  /**
   * The backward factor itself, computed in forward and rounded to bfloat16 (8 significant bits,
   * relative error at most 2^-8): for SUGAR, whose factor is a surrogate's derivative rather than
   * f' and so gains nothing from float precision, at half the bytes of the input.
   */
  BF16_FACTOR(2);

  private final double bytesPerElement;

  BackwardStorage(double bytesPerElement) {
    this.bytesPerElement = bytesPerElement;
  }

  /** Bytes kept per element between forward and backward. */
  public double bytesPerElement() {
    return bytesPerElement;
  }
}
