package dev.rectify.processor.check;

import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables at one probe point of {@link InfiniteClamp} and {@link FloatOverflow}: the
 * parameters at their defaults, one input at the probed value, the other inputs of a gated form at
 * a partner value, and {@code y} at the forward's value there, for derivatives stated in the
 * output.
 */
final class ProbePoint {
  private ProbePoint() {}

  /** Each parameter's default value, by name. */
  static Map<String, Double> defaults(List<ParamSpec> params) {
    Map<String, Double> values = new HashMap<>();
    for (ParamSpec p : params) {
      values.put(p.name(), p.value());
    }
    return values;
  }

  /**
   * @param forwardEval the forward in evaluation mode, draws already at their means
   */
  static Map<String, Double> of(
      Map<String, Double> parameters,
      List<String> inputs,
      String input,
      double value,
      double partner,
      Expr forwardEval) {
    Map<String, Double> env = new HashMap<>(parameters);
    for (String other : inputs) {
      env.put(other, partner);
    }
    env.put(input, value);
    env.put("y", Interpreter.eval(forwardEval, env));
    return env;
  }
}
