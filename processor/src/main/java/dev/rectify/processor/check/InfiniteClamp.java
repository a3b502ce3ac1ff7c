package dev.rectify.processor.check;

import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.spec.ActivationSpec;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.symbolic.Exprs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * <p>The side can depend on a parameter's sign: {@code x * sigmoid(beta * x)} is inf * 0 at x =
 * -inf for beta &gt; 0 and at x = +inf for beta &lt; 0. Each constant parameter the expressions
 * read is probed at its default and at the default with the other sign (a default of 0 at 0 and at
 * -1; zero counts as positive), every combination of signs; a side NaN under some combinations but
 * not all gets a {@link Condition}, which the generated code tests on the parameters' fields before
 * it reads the input. Only those two values of each parameter are probed: a side that moves where a
 * parameter crosses another value than 0 ({@code x * sigmoid((beta - 1) * x)}) is decided by the
 * probed values' signs. Learnable parameters, whose sign training may change, stay at their
 * defaults. A parameter exactly 0 can make the formula itself NaN at an infinite input: SiLU's
 * {@code beta * x} is 0 * inf there, so SiLU at beta = 0 gives NaN at x = +inf and -2^127 (the
 * clamp's value) at -inf, not x / 2's +-inf.
 *
 * <pre>{@code
 * InfiniteClamp c = InfiniteClamp.of(spec, List.of("x"), forwardEval, List.of(backward));
 * c.clamps("x", false);     // true for SiLU: clamp -inf up to -2^128 ...
 * c.when("x", false);       // ... where beta >= 0; Condition.ALWAYS for a side with no parameter
 * }</pre>
 *
 * @param sides the sides clamped, by {@link #side}, each with when: {@link Condition#ALWAYS} or for
 *     some parameter signs only
 */
public record InfiniteClamp(Map<String, Condition> sides) {
  public static final InfiniteClamp NONE = new InfiniteClamp(Map.of());

  /** The other input of a gated form while one is infinite: nonzero, so inf * b is not 0 * inf. */
  private static final double[] PARTNERS = {1e-30, -1e-30, 1, -1, 20, -20};

  /**
   * At most this many parameters are probed with both signs (2^6 sign combinations); the rest stay
   * at their defaults.
   */
  private static final int MAX_SIGNED = 6;

  public InfiniteClamp {
    sides = Map.copyOf(sides);
  }

  /** The key of {@link #sides} for input {@code input}'s -inf or +inf side. */
  public static String side(String input, boolean above) {
    return input + (above ? " > " : " < ");
  }

  public boolean isEmpty() {
    return sides.isEmpty();
  }

  /** Whether {@code input} is clamped from below ({@code above} false) or above. */
  public boolean clamps(String input, boolean above) {
    return sides.containsKey(side(input, above));
  }

  /**
   * When {@code input} is clamped on that side: {@link Condition#ALWAYS} unless for some parameter
   * signs only (or not at all: see {@link #clamps}).
   */
  public Condition when(String input, boolean above) {
    return sides.getOrDefault(side(input, above), Condition.ALWAYS);
  }

  /**
   * The parameter signs under which a side is clamped: any of {@code anyOf}, each a conjunction
   * mapping parameters to whether they are negative. Empty for {@link #ALWAYS}.
   */
  public record Condition(List<Map<String, Boolean>> anyOf) {
    public static final Condition ALWAYS = new Condition(List.of());

    public Condition {
      // sorted by parameter name, so that the generated condition is the same in every build
      anyOf = anyOf.stream().map(c -> Collections.unmodifiableMap(new TreeMap<>(c))).toList();
    }

    public boolean always() {
      return anyOf.isEmpty();
    }
  }

  /**
   * Probes {@code exprs} (draws at their means) with each input at +-inf, constant parameters at
   * each combination of signs, learnable ones at their defaults, and {@code y} at the forward's
   * value for derivatives stated in the output.
   */
  public static InfiniteClamp of(
      ActivationSpec spec, List<String> inputs, Expr forwardEval, List<Expr> exprs) {
    Map<String, Double> defaults = ProbePoint.defaults(spec.params());
    Set<String> read = new HashSet<>(Exprs.variables(forwardEval));
    for (Expr e : exprs) {
      read.addAll(Exprs.variables(e));
    }
    List<String> signed = new ArrayList<>();
    for (ParamSpec p : spec.params()) {
      if (!p.learnable() && read.contains(p.name()) && signed.size() < MAX_SIGNED) {
        signed.add(p.name());
      }
    }
    double[] partners = inputs.size() == 1 ? new double[] {0} : PARTNERS;
    Expr forward = Exprs.withoutDraws(forwardEval);
    List<Expr> probed = exprs.stream().map(Exprs::withoutDraws).toList();
    Map<String, Condition> sides = new TreeMap<>();
    for (String input : inputs) {
      for (boolean up : new boolean[] {false, true}) {
        double inf = up ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        // the sign combinations (bit k set: parameter k negative) under which this side is NaN
        List<Integer> nan = new ArrayList<>();
        for (int signs = 0; signs < 1 << signed.size(); signs++) {
          Map<String, Double> parameters = withSigns(defaults, signed, signs);
          boolean always = true;
          for (double partner : partners) {
            always &=
                isNaN(probed, ProbePoint.of(parameters, inputs, input, inf, partner, forward));
          }
          if (always) {
            nan.add(signs);
          }
        }
        if (!nan.isEmpty()) {
          sides.put(
              side(input, up),
              nan.size() < 1 << signed.size() ? condition(signed, nan) : Condition.ALWAYS);
        }
      }
    }
    return sides.isEmpty() ? NONE : new InfiniteClamp(sides);
  }

  /** The defaults with parameter {@code signed.get(k)} negative where bit k of {@code signs} is. */
  private static Map<String, Double> withSigns(
      Map<String, Double> defaults, List<String> signed, int signs) {
    Map<String, Double> values = new HashMap<>(defaults);
    for (int k = 0; k < signed.size(); k++) {
      String p = signed.get(k);
      double v = defaults.get(p);
      boolean defaultNegative = v < 0;
      boolean negative = (signs >> k & 1) != 0;
      if (negative != defaultNegative) {
        values.put(p, v == 0 ? -1.0 : -v);
      }
    }
    return values;
  }

  /**
   * The condition that holds exactly for the sign combinations {@code nan}: over the parameters
   * whose sign matters (flipping it moves some combination in or out), one conjunction per
   * combination of their signs.
   */
  private static Condition condition(List<String> signed, List<Integer> nan) {
    List<Integer> relevant = new ArrayList<>();
    for (int k = 0; k < signed.size(); k++) {
      for (int signs : nan) {
        if (!nan.contains(signs ^ 1 << k)) {
          relevant.add(k);
          break;
        }
      }
    }
    Set<Map<String, Boolean>> anyOf = new LinkedHashSet<>();
    for (int signs : nan) {
      Map<String, Boolean> conjunction = new TreeMap<>();
      for (int k : relevant) {
        conjunction.put(signed.get(k), (signs >> k & 1) != 0);
      }
      anyOf.add(conjunction);
    }
    return new Condition(List.copyOf(anyOf));
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
