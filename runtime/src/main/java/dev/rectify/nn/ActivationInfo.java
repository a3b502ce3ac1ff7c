package dev.rectify.nn;

import java.util.List;

/**
 * What the processor knew and decided about an activation, for {@code rectify list}, {@code rectify
 * show} and tests: the formulas as written and as compiled, where the backward rule came from and
 * what backward keeps.
 *
 * @param name the registry name
 * @param formula the forward formula as written
 * @param evaluationFormula the deterministic form used in evaluation mode (differs from {@code
 *     formula} only for random activations)
 * @param backward the backward factor as compiled (dLoss/dx = dLoss/dy * backward)
 * @param origin where the backward rule came from
 * @param storage what backward keeps from forward
 * @param params the declared parameters, in declaration order
 * @param arity 1, or 2 for gated forms of {@code a} and {@code b}
 * @param stochastic whether training-mode forward draws random numbers
 * @param rewrites numerically stable rewrites the processor applied, one line each
 * @param description the author's one-line description, possibly empty
 */
public record ActivationInfo(
    String name,
    String formula,
    String evaluationFormula,
    String backward,
    Origin origin,
    BackwardStorage storage,
    List<ParamInfo> params,
    int arity,
    boolean stochastic,
    List<String> rewrites,
    String description) {

  public ActivationInfo {
    params = List.copyOf(params);
    rewrites = List.copyOf(rewrites);
  }

  /**
   * Bytes backward keeps per element between forward and backward: 0.125 for a mask (rows are
   * padded to 64-bit words), 2 for a bfloat16 factor, 4 for a float input or output.
   */
  public double backwardBytesPerElement() {
    return storage.bytesPerElement();
  }

  /** Where the backward factor came from. */
  public enum Origin {
    /** The processor differentiated the formula. */
    SYMBOLIC,
    /** The author's derivative, checked against the symbolic one at compile time. */
    DECLARED,
    /** The processor differentiated the surrogate function (SUGAR). */
    SURROGATE,
    /** The author's surrogate derivative, used as given (SUGAR). */
    SURROGATE_DERIVATIVE
  }

  /** A declared parameter. */
  public record ParamInfo(
      String name, double defaultValue, boolean learnable, boolean perChannel) {}
}
