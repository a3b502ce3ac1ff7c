package dev.rectify.processor.check;

import dev.rectify.processor.diag.Message;
import dev.rectify.processor.diag.ValidationReport;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.spec.ActivationSpec;
import dev.rectify.processor.spec.ActivationSpec.Attr;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.symbolic.Exprs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compile-time verification in double precision at probe points: a declared derivative must agree
 * with the symbolic one, and no formula may produce NaN or an infinity for a finite input.
 * Parameters take their default values.
 */
public final class NumericChecks {
  /** Where formulas break: zeros of both signs, tiny, ordinary, exp's float limit, huge. */
  public static final double[] PROBES = {
    0.0, -0.0, 1e-30, -1e-30, 1, -1, 20, -20, 88, -88, 1e4, -1e4, 3e38, -3e38
  };

  /** Where derivatives are compared: the probes and a grid over the interesting range. */
  static final double[] DERIVATIVE_POINTS = derivativePoints();

  private final ActivationSpec spec;
  private final ValidationReport.Builder report;

  public NumericChecks(ActivationSpec spec, ValidationReport.Builder report) {
    this.spec = spec;
    this.report = report;
  }

  private static double[] derivativePoints() {
    List<Double> points = new ArrayList<>();
    for (double p : PROBES) {
      points.add(p);
    }
    for (double x = -10; x <= 10; x += 0.37) {
      points.add(x);
    }
    return points.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The parameters' defaults, plus the given variables. */
  Map<String, Double> env(double... xy) {
    Map<String, Double> env = new HashMap<>();
    for (ParamSpec p : spec.params()) {
      env.put(p.name(), p.value());
    }
    env.put("x", xy[0]);
    return env;
  }

  private Map<String, Double> envWithOutput(double x, Expr forward) {
    Map<String, Double> env = env(x);
    env.put("y", Interpreter.eval(forward, env));
    return env;
  }

  /**
   * Reports the first point where {@code declared} and {@code symbolic} disagree, ignoring kinks: a
   * disagreement counts only when it persists at a nearby point on either side, because the value
   * at a kink is a convention, not a mistake.
   */
  public void checkDeclaredDerivative(Expr forward, Expr symbolic, Expr declared) {
    for (double x : DERIVATIVE_POINTS) {
      double[] at = mismatch(forward, symbolic, declared, x);
      if (at == null) {
        continue;
      }
      double delta = 1e-6 * Math.max(1, Math.abs(x));
      if (mismatch(forward, symbolic, declared, x - delta) != null
          && mismatch(forward, symbolic, declared, x + delta) != null) {
        report.report(Message.WRONG_DERIVATIVE, spec.derivative().value(), x, at[0], at[1]);
        return;
      }
    }
  }

  /** {declared, symbolic} when they disagree at x, else null. */
  private double[] mismatch(Expr forward, Expr symbolic, Expr declared, double x) {
    Map<String, Double> env = envWithOutput(x, forward);
    double s = Interpreter.eval(symbolic, env);
    double d = Interpreter.eval(declared, env);
    if (!Double.isFinite(s) || !Double.isFinite(d)) {
      return Double.isFinite(s) == Double.isFinite(d) ? null : new double[] {d, s};
    }
    // Mathematically equal expressions differ by rounding only: a few ulps, far below 1e-7.
    return Math.abs(d - s) <= 1e-7 * Math.max(1, Math.abs(s)) ? null : new double[] {d, s};
  }

  /** Reports the first finite probe at which {@code e} is NaN or infinite. */
  public void checkFinite(Attr attr, String what, Expr e, Expr forward, boolean mayUseOutput) {
    for (double x : PROBES) {
      Map<String, Double> env = mayUseOutput ? envWithOutput(x, forward) : env(x);
      double v = Interpreter.eval(e, env);
      if (!Double.isFinite(v)) {
        report.report(Message.NOT_FINITE, attr.value(), what, v, x);
        return;
      }
    }
  }

  /**
   * Reports the first probe near zero at which {@code written}, a formula as written (before
   * simplification), is NaN or infinite, for every input in {@code inputs}. The simplifier's
   * identities (u * 0 -> 0, u - u -> 0, 0 / u -> 0) hold for finite u only, so they remove the NaN
   * of {@code x + 0/0*0} or {@code (x - x)/x} at x = 0, and the simplified form then passes {@link
   * #checkFinite}. Only near zero: at large |x| the written form may overflow where the simplifier
   * put a stable rewrite ({@code log(1 + exp(x))} -> softplus), which is not a mistake. A declared
   * derivative may use the output {@code y}, which is then {@code forward} at the same input.
   */
  public void checkWrittenFinite(
      Attr attr, String what, Expr written, Expr forward, List<String> inputs) {
    for (double x : PROBES) {
      if (Math.abs(x) > 1) {
        continue;
      }
      Map<String, Double> env = env(x);
      env.remove("x");
      for (String input : inputs) {
        env.put(input, x);
      }
      if (Exprs.uses(written, "y")) {
        env.put("y", Interpreter.eval(forward, env));
      }
      double v = Interpreter.eval(written, env);
      if (!Double.isFinite(v)) {
        report.report(Message.NOT_FINITE, attr.value(), what, v, x);
        return;
      }
    }
  }

  /** Gated forms: f, df/da and df/db finite on a grid of probe pairs. */
  public void checkGatedFinite(Expr forward, List<Expr> gradients) {
    String[] names = {
      "the formula", "its derivative with respect to a", "its derivative with respect to b"
    };
    List<Expr> all = new ArrayList<>();
    all.add(forward);
    all.addAll(gradients);
    for (double a : PROBES) {
      for (double b : PROBES) {
        Map<String, Double> env = env(0);
        env.remove("x");
        env.put("a", a);
        env.put("b", b);
        for (int i = 0; i < all.size(); i++) {
          double v = Interpreter.eval(Exprs.withoutDraws(all.get(i)), env);
          if (!Double.isFinite(v)) {
            report.report(
                Message.NOT_FINITE,
                spec.formula().value(),
                names[i],
                v,
                "(a = " + a + ", b = " + b + ")");
            return;
          }
        }
      }
    }
  }

  /**
   * Whether some select's untaken branch is NaN or infinite at a probe point (ELU's {@code
   * expm1(x)} at x = 1e4): branch-free code evaluates both branches, so they must be clamped.
   */
  public boolean unusedBranchOverflows(Expr forward, List<Expr> others) {
    List<Expr> all = new ArrayList<>();
    all.add(forward);
    all.addAll(others);
    List<Select> selects = new ArrayList<>();
    for (Expr e : all) {
      collectSelects(Exprs.withoutDraws(e), selects);
    }
    for (Select s : selects) {
      for (double x : PROBES) {
        Map<String, Double> env = env(x);
        env.put("a", x);
        env.put("b", x);
        try {
          env.put("y", Interpreter.eval(Exprs.withoutDraws(forward), env));
          boolean c = Interpreter.condition(s.condition(), env);
          double unused = Interpreter.eval(c ? s.otherwise() : s.then(), env);
          if (!Double.isFinite(unused)) {
            return true;
          }
        } catch (IllegalArgumentException e) {
          // a variable the select does not have at this probe; nothing to learn here
        }
      }
    }
    return false;
  }

  private static void collectSelects(Expr e, List<Select> out) {
    if (e instanceof Select) {
      out.add((Select) e);
    }
    for (Expr c : Exprs.children(e)) {
      collectSelects(c, out);
    }
  }
}
