package dev.rectify.processor.check;

import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.symbolic.Exprs;
import java.util.List;
import java.util.Map;

/**
 * Whether plain arithmetic on large float inputs passes through a value beyond the float range on
 * its way to a result inside it: {@code x * min(max(x + 3, 0), 6) / 6} at x = 1e38 multiplies to
 * 6e38 before dividing back to 1e38. Double lanes compute that exactly; float lanes would give inf.
 * Probed, as {@link InfiniteClamp} probes the infinities, with each input at the largest floats of
 * either sign and a few smaller magnitudes (where a square can overflow while a product cannot),
 * the other inputs of a gated form at moderate values, and the parameters at their defaults. A
 * clamped infinite input is the largest float in float lanes, so this covers it too.
 *
 * <pre>{@code
 * FloatOverflow.inIntermediates(Map.of(), List.of("x"), forwardEval, List.of(forwardEval));
 * // true for (x * relu6(x + 3)) / 6; false for x * (relu6(x + 3) / 6), the form float lanes use
 * }</pre>
 */
public final class FloatOverflow {
  private FloatOverflow() {}

  private static final double[] MAGNITUDES = {Float.MAX_VALUE, 1e38, 1e30, 1e20, 1e19, 1e10};

  /** Partner values for the other input of a gated form. */
  private static final double[] PARTNERS = {1, -1, 20, -20};

  /** As {@link #inIntermediates(Map, List, Expr, List)}, with the spec's parameter defaults. */
  public static boolean inIntermediates(
      List<ParamSpec> params, List<String> inputs, Expr forwardEval, List<Expr> exprs) {
    return inIntermediates(ProbePoint.defaults(params), inputs, forwardEval, exprs);
  }

  /**
   * Whether some expression of {@code exprs} overflows float inside while its value does not.
   *
   * @param parameters each parameter's default value
   * @param forwardEval the forward in evaluation mode, for {@code y} in derivatives of the output
   */
  public static boolean inIntermediates(
      Map<String, Double> parameters, List<String> inputs, Expr forwardEval, List<Expr> exprs) {
    double[] partners = inputs.size() == 1 ? new double[] {0} : PARTNERS;
    Expr forward = Exprs.withoutDraws(forwardEval);
    List<Expr> probed = exprs.stream().map(Exprs::withoutDraws).toList();
    for (String input : inputs) {
      for (double magnitude : MAGNITUDES) {
        for (double value : new double[] {magnitude, -magnitude}) {
          for (double partner : partners) {
            Map<String, Double> env =
                ProbePoint.of(parameters, inputs, input, value, partner, forward);
            for (Expr e : probed) {
              if (overflowsInside(e, env)) {
                return true;
              }
            }
          }
        }
      }
    }
    return false;
  }

  private static boolean overflowsInside(Expr e, Map<String, Double> env) {
    double result;
    try {
      result = Interpreter.eval(e, env);
    } catch (IllegalArgumentException unbound) {
      return false; // a mask factor's maskOn/maskOff: element-independent constants
    }
    if (Math.abs(result) > Float.MAX_VALUE) {
      return false; // beyond float in both precisions: the float lanes' inf is right
    }
    if (saturatesOnOneProduct(e)) {
      return false;
    }
    for (Expr child : liveChildren(e, env)) {
      if (anyBeyondFloat(child, env)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyBeyondFloat(Expr e, Map<String, Double> env) {
    // a condition has no value of its own, only the numbers it compares
    if (!Exprs.isCondition(e) && Math.abs(Interpreter.eval(e, env)) > Float.MAX_VALUE) {
      return true;
    }
    if (saturatesOnOneProduct(e)) {
      return false;
    }
    for (Expr child : liveChildren(e, env)) {
      if (anyBeyondFloat(child, env)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code e} is sigmoid or tanh of one product of two variables or numbers (or its
   * negation), as QuickGELU's {@code sigmoid(1.702 * x)}: beyond float, that product is inf of its
   * sign in float lanes (a product of finite floats, no inf - inf), where both functions take their
   * limits exactly, 0, 1 or -1, as in double. So its overflow costs nothing.
   */
  private static boolean saturatesOnOneProduct(Expr e) {
    if (!(e instanceof Expr.Call call)
        || call.function() != Function.SIGMOID && call.function() != Function.TANH) {
      return false;
    }
    Expr u = call.arg(0) instanceof Expr.Neg neg ? neg.operand() : call.arg(0);
    return u instanceof Expr.Binary b
        && b.op() == Expr.Op.MUL
        && isLeaf(b.left())
        && isLeaf(b.right());
  }

  private static boolean isLeaf(Expr e) {
    return e instanceof Expr.Var || e instanceof Expr.Num;
  }

  /**
   * The children whose values reach {@code e}'s: of a select, its condition and the arm it takes
   * here. The other arm is computed too, branch-free, but the select discards it, inf or NaN alike
   * (ELU's expm1(x) at x = 1e38, which generated code even clamps to expm1(0)); counting it made
   * every select with an exponential arm compute in double.
   */
  private static List<Expr> liveChildren(Expr e, Map<String, Double> env) {
    if (e instanceof Expr.Select select) {
      boolean taken = Interpreter.condition(select.condition(), env);
      return List.of(select.condition(), taken ? select.then() : select.otherwise());
    }
    return Exprs.children(e);
  }
}
