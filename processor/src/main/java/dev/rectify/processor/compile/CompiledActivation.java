package dev.rectify.processor.compile;

import dev.rectify.nn.ActivationInfo.Origin;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.spec.ActivationSpec;
import java.util.List;

/**
 * Everything the code generator needs about one activation, after parsing, differentiation,
 * simplification, verification and storage analysis. Expressions are simplified.
 *
 * @param spec the annotation as written
 * @param inputs {@code [x]} or {@code [a, b]}
 * @param forward the training-mode forward (with random draws)
 * @param forwardEval the evaluation-mode forward (draws replaced by their means)
 * @param backward for one input, the backward factor (in {@code x}, or in {@code y} for output
 *     storage); unused for gated forms
 * @param gradients for gated forms, df/da and df/db; empty otherwise
 * @param origin where the backward factor came from
 * @param storage what backward keeps
 * @param mask for mask storage, the condition and the factor's two values; null otherwise
 * @param paramGradients for each learnable parameter (in declaration order), df/dparam
 * @param draws the number of random draws per element
 * @param clampSelects whether select branches are evaluated on clamped inputs (their unused branch
 *     overflows otherwise)
 * @param clampInfinity whether some kernel is NaN at an infinite input (an inf * 0 such as x *
 *     sigmoid(x) at -inf) and clamps it; which kernel clamps which side is {@link
 *     dev.rectify.processor.check.InfiniteClamp}'s decision
 * @param rewrites the stable rewrites applied, one line each
 */
public record CompiledActivation(
    ActivationSpec spec,
    List<String> inputs,
    Expr forward,
    Expr forwardEval,
    Expr backward,
    List<Expr> gradients,
    Origin origin,
    BackwardStorage storage,
    Mask mask,
    List<Expr> paramGradients,
    int draws,
    boolean clampSelects,
    boolean clampInfinity,
    List<String> rewrites) {

  public CompiledActivation {
    inputs = List.copyOf(inputs);
    gradients = List.copyOf(gradients);
    paramGradients = List.copyOf(paramGradients);
    rewrites = List.copyOf(rewrites);
  }

  /** The backward factor is {@code condition ? on : off}, with element-independent values. */
  public record Mask(Expr condition, Expr on, Expr off) {}

  public boolean isGated() {
    return inputs.size() == 2;
  }

  public boolean isStochastic() {
    return draws > 0;
  }
}
