package dev.rectify.processor.check;

import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.spec.ActivationSpec;
import dev.rectify.processor.symbolic.Exprs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which inputs of a kernel must be clamped on which side so that an infinite input gives the limit
 * instead of NaN: {@code x * sigmoid(x)} at x = -inf is -inf * 0, and so is the written GELU
 * derivative {@code ndtr(x) + x * npdf(x)} at +inf. {@code Lowering.infiniteClamp} probes the forms
 * generated code computes instead: GELU's have limits there and need no clamp. The clamp is applied
 * only on a side where some expression of the kernel is NaN at that infinity, so an unclamped side
 * keeps its true infinity: GeGLU's forward at a = +inf is inf * b, whatever b. For a gated form the
 * NaN must occur whatever the other input (probed at moderate nonzero values): ReGLU's relu(a) * b
 * at b = inf is NaN only where relu(a) is exactly 0, a genuine 0 * inf that a clamp would turn into
 * a wrong finite value for small a &gt; 0. On a clamped side the expression has a finite limit (an
 * exponentially decaying factor beats the growing one), which any clamp beyond the float range
 * reaches.
 *
 * <pre>{@code
 * InfiniteClamp c = InfiniteClamp.of(spec, List.of("x"), forwardEval, List.of(backward));
 * c.below().contains("x");  // true for SiLU: clamp -inf up to -2^128
 * }</pre>
 *
 * @param below inputs to clamp from below (their -inf gives NaN)
 * @param above inputs to clamp from above (their +inf gives NaN)
 */
public record InfiniteClamp(Set<String> below, Set<String> above) {
  public static final InfiniteClamp NONE = new InfiniteClamp(Set.of(), Set.of());

  /** The other input of a gated form while one is infinite: nonzero, so inf * b is not 0 * inf. */
  private static final double[] PARTNERS = {1e-30, -1e-30, 1, -1, 20, -20};

  public InfiniteClamp {
    below = Set.copyOf(below);
    above = Set.copyOf(above);
  }

  public boolean isEmpty() {
    return below.isEmpty() && above.isEmpty();
  }

  /**
   * Probes {@code exprs} (draws at their means) with each input at +-inf, parameters at their
   * defaults, and {@code y} at the forward's value for derivatives stated in the output.
   */
  public static InfiniteClamp of(
      ActivationSpec spec, List<String> inputs, Expr forwardEval, List<Expr> exprs) {
    Set<String> below = new TreeSet<>();
    Set<String> above = new TreeSet<>();
    double[] partners = inputs.size() == 1 ? new double[] {0} : PARTNERS;
    Map<String, Double> parameters = ProbePoint.defaults(spec.params());
    Expr forward = Exprs.withoutDraws(forwardEval);
    List<Expr> probed = exprs.stream().map(Exprs::withoutDraws).toList();
    for (String input : inputs) {
      for (double inf : new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
        boolean always = true;
        for (double partner : partners) {
          always &= isNaN(probed, ProbePoint.of(parameters, inputs, input, inf, partner, forward));
        }
        if (always) {
          (inf < 0 ? below : above).add(input);
        }
      }
    }
    return below.isEmpty() && above.isEmpty() ? NONE : new InfiniteClamp(below, above);
  }

  private static boolean isNaN(List<Expr> exprs, Map<String, Double> env) {
    for (Expr e : exprs) {
      try {
        if (Double.isNaN(Interpreter.eval(e, env))) {
          return true;
        }
      } catch (IllegalArgumentException unbound) {
        // a mask factor's maskOn/maskOff: element-independent constants, nothing to clamp
      }
    }
    return false;
  }
}
