package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.Distribution;
import dev.rectify.processor.formula.Expr.Draw;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Op;
import dev.rectify.processor.formula.Expr.Select;
import dev.rectify.processor.formula.Expr.Var;
import dev.rectify.processor.formula.FormulaSyntaxException;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.symbolic.Differentiator;
import dev.rectify.processor.symbolic.Exprs;
import dev.rectify.processor.symbolic.Simplifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Symbolic derivatives against central finite differences on random smooth trees, the rules one by
 * one, and the conventions at kinks (which finite differences cannot decide).
 */
class DifferentiatorTest {
  private static final Scope SCOPE =
      new Scope("formula", List.of("x"), false, Set.of("alpha", "k"), true);

  /** Away from the generator's literals, so no comparison ties and no accidental zeros. */
  private static final double[] POINTS = {-2.3, -0.7, 0.35, 1.1, 2.9};

  private static final double K = 0.8;

  // ---------------------------------------------------------------------------------------------
  // Random smooth trees vs finite differences

  @Property(tries = 1000)
  void derivative_matchesFiniteDifferences(@ForAll("smoothTrees") Expr e) {
    Expr raw = Differentiator.d(e, "x");
    Expr simplified = Simplifier.simplifyAll(raw);
    Expr rawK = Differentiator.d(e, "k");
    Expr simplifiedK = Simplifier.simplifyAll(rawK);
    for (double x : POINTS) {
      check(e, "x", x, raw, simplified);
      check(e, "k", x, rawK, simplifiedK);
    }
  }

  @Provide
  Arbitrary<Expr> smoothTrees() {
    return ExprArbitraries.smooth(4);
  }

  /**
   * Compares d e / d var at (x, k = K) with a central difference of step h = 1e-5 max(1, |v|).
   *
   * <p>Tolerance: the two are mathematically equal, so only the difference quotient errs. Its
   * truncation error is h^2 |f'''| / 6; it is estimated by comparing with the quotient at 2h, whose
   * truncation error is four times larger, and where they disagree by more than a quarter of the
   * tolerance the point is skipped (a wrong symbolic derivative makes both quotients agree with
   * each other and not with it, so skipping hides no bug). Its rounding error is at most a few ulps
   * of the largest intermediate value over h; being deterministic (quantisation) it can fool that
   * comparison, so it is added to the tolerance instead: 16 ulp(largest) / h. Points where an
   * intermediate exceeds 1e6 are skipped because that term would swamp the check there. The
   * remaining 1e-6 (1 + |f'|) is far above the rounding of the symbolic side (a few ulps) and far
   * below the error of any wrong rule (O(1) relative).
   */
  private static void check(Expr e, String var, double x, Expr raw, Expr simplified) {
    Map<String, Double> env = Map.of("x", x, "k", K);
    double v = env.get(var);
    double h = 1e-5 * Math.max(1, Math.abs(v));
    double fd1 = (f(e, var, x, h) - f(e, var, x, -h)) / (2 * h);
    double fd2 = (f(e, var, x, 2 * h) - f(e, var, x, -2 * h)) / (4 * h);
    double symbolic = Interpreter.eval(simplified, env);
    // An infinite intermediate (exp(exp(exp(x^2)))) makes a quotient-rule derivative inf/inf
    // even where the formula is 0; that is overflow, not a wrong rule.
    double largest = largestIntermediate(e, env);
    double tol = 1e-6 * (1 + Math.abs(fd1)) + 16 * Math.ulp(largest) / h;
    boolean usable =
        largest < 1e6
            && Double.isFinite(fd1)
            && Double.isFinite(fd2)
            && Math.abs(fd1 - fd2) <= tol / 4;
    Statistics.label("point").collect(usable ? "checked" : "skipped: not converged or huge");
    Statistics.label("point").coverage(c -> c.check("checked").percentage(p -> p > 80));
    if (!usable) {
      return;
    }
    double unsimplified = Interpreter.eval(raw, env);
    String where = "d/d" + var + " of " + Printer.print(e) + " at x = " + x + ", k = " + K;
    assertTrue(
        Math.abs(unsimplified - fd1) <= tol,
        () -> where + ": differentiator gives " + unsimplified + ", finite difference " + fd1);
    assertTrue(
        Math.abs(symbolic - fd1) <= tol,
        () ->
            where
                + ": simplified "
                + Printer.print(simplified)
                + " gives "
                + symbolic
                + " (unsimplified "
                + unsimplified
                + "), finite difference "
                + fd1);
  }

  /**
   * The largest magnitude of any subexpression; infinite if one overflows, is NaN, or is a function
   * value that underflowed to (nearly) zero: {@code sqrt(exp(u))} at u = -1800 is 0, and its
   * derivative {@code exp(u) u' / (2 sqrt(exp(u)))} is 0 / 0, which is underflow, not a wrong rule.
   */
  private static double largestIntermediate(Expr e, Map<String, Double> env) {
    double v = Math.abs(Interpreter.eval(e, env));
    boolean underflow =
        v < 1e-150 && (e instanceof Call || e instanceof Binary b && b.op() == Op.POW);
    double largest = Double.isNaN(v) || underflow ? Double.POSITIVE_INFINITY : v;
    for (Expr c : Exprs.children(e)) {
      largest = Math.max(largest, largestIntermediate(c, env));
    }
    return largest;
  }

  private static double f(Expr e, String var, double x, double delta) {
    double xv = var.equals("x") ? x + delta : x;
    double kv = var.equals("k") ? K + delta : K;
    return Interpreter.eval(e, Map.of("x", xv, "k", kv));
  }

  // ---------------------------------------------------------------------------------------------
  // The rules, one row each: the derivative equals a hand-written one at several points

  @ParameterizedTest(name = "d/dx {0} = {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          3                 ; 0
          x                 ; 1
          alpha * x         ; alpha
          -x                ; -1
          x + x ^ 2         ; 1 + 2 * x
          x - 3 * x         ; -2
          x * exp(x)        ; exp(x) + x * exp(x)
          1 / x             ; -1 / x ^ 2
          x / (1 + x ^ 2)   ; (1 - x ^ 2) / (1 + x ^ 2) ^ 2
          x ^ 3             ; 3 * x ^ 2
          x ^ alpha         ; alpha * x ^ (alpha - 1)
          2 ^ x             ; 2 ^ x * log(2)
          x ^ x             ; x ^ x * (log(x) + 1)
          exp(x)            ; exp(x)
          exp(2 * x)        ; 2 * exp(2 * x)
          expm1(x)          ; exp(x)
          log(x)            ; 1 / x
          log1p(x)          ; 1 / (1 + x)
          sqrt(x)           ; 0.5 / sqrt(x)
          abs(x)            ; sign(x)
          sign(x)           ; 0
          tanh(x)           ; 1 - tanh(x) ^ 2
          sigmoid(x)        ; sigmoid(x) * (1 - sigmoid(x))
          softplus(x)       ; sigmoid(x)
          erf(x)            ; 2 / sqrt(pi) * exp(-x ^ 2)
          erfc(x)           ; -2 / sqrt(pi) * exp(-x ^ 2)
          ndtr(x)           ; exp(-x ^ 2 / 2) / sqrt(2 * pi)
          npdf(x)           ; -x * exp(-x ^ 2 / 2) / sqrt(2 * pi)
          gelu(x)           ; 0.5 * (1 + erf(x / sqrt(2))) + x * exp(-x ^ 2 / 2) / sqrt(2 * pi)
          max(x, 0)         ; x > 0 ? 1 : 0
          min(x, 0)         ; x <= 0 ? 1 : 0
          max(x ^ 2, 1)     ; x ^ 2 > 1 ? 2 * x : 0
          log(sigmoid(x))   ; 1 - sigmoid(x)
          silu(x)           ; sigmoid(x) * (1 + x * (1 - sigmoid(x)))
          x > 1 ? x ^ 3 : 2 * x ; x > 1 ? 3 * x ^ 2 : 2
          """)
  void rule_matchesHandWrittenDerivative(String formula, String derivative) throws Exception {
    Expr symbolic = Simplifier.simplifyAll(Differentiator.d(parse(formula), "x"));
    Expr expected = parse(derivative);
    for (double x : new double[] {-1.7, -0.3, 0.6, 2.2}) {
      Map<String, Double> env = Map.of("x", x, "alpha", 0.3, "k", K);
      double want = Interpreter.eval(expected, env);
      double got = Interpreter.eval(symbolic, env);
      // Equal expressions, so rounding only; NaN where the formula itself is undefined (log of a
      // negative) must stay NaN rather than turn into a number.
      if (Double.isNaN(want)) {
        assertTrue(Double.isNaN(got), () -> formula + " at " + x + ": " + got);
      } else {
        assertEquals(want, got, 1e-12 * Math.max(1, Math.abs(want)), formula + " at x = " + x);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Conventions where the derivative does not exist

  @Test
  void relu_atZero_isZero() throws Exception {
    assertEquals(0.0, derivativeAt("max(x, 0)", 0.0));
    assertEquals(0.0, derivativeAt("max(x, 0)", -0.0));
    assertEquals(0.0, derivativeAt("relu(x)", 0.0));
  }

  @Test
  void maxTie_takesTheSecondArgumentsDerivative() throws Exception {
    // The documented rule is about argument order, not about which argument is x: written the
    // other way round, ReLU's derivative at 0 is 1.
    assertEquals(1.0, derivativeAt("max(0, x)", 0.0));
  }

  @Test
  void minOfXAndZero_atZero_isOne() throws Exception {
    assertEquals(1.0, derivativeAt("min(x, 0)", 0.0));
  }

  @Test
  void leakyRelu_atZero_isTheSlope() throws Exception {
    // max(x, 0)' = 0 and min(x, 0)' = 1 at 0, so the negative part's slope applies.
    assertEquals(0.1, derivativeAt("max(x, 0) + 0.1 * min(x, 0)", 0.0), 1e-15);
  }

  @Test
  void abs_atZero_isZero() throws Exception {
    assertEquals(0.0, derivativeAt("abs(x)", 0.0));
  }

  @Test
  void select_differentiatesToTheBranchTaken() throws Exception {
    Expr e = parse("x > 1 ? x ^ 3 : 2 * x");
    Expr d = Differentiator.d(e, "x");
    // Same condition, so a kink on the boundary takes the branch the forward takes.
    assertEquals(((Select) e).condition(), ((Select) d).condition());
    assertEquals(2.0, derivativeAt("x > 1 ? x ^ 3 : 2 * x", 1.0));
    double above = 1.0000001;
    assertEquals(3 * above * above, derivativeAt("x > 1 ? x ^ 3 : 2 * x", above), 1e-12);
  }

  @Test
  void draw_differentiatesToZero() {
    Draw u = new Draw(Distribution.UNIFORM, new Num(0.1), new Num(0.3), 0);
    assertEquals(Num.ZERO, Differentiator.d(u, "x"));
    Draw n = new Draw(Distribution.NORMAL, Num.ZERO, new Var("x"), 0);
    assertEquals(Num.ZERO, Differentiator.d(n, "x"));
  }

  @Test
  void randomizedSlope_derivativeIsTheDrawItself() throws Exception {
    // RReLU's negative part: d/dx (x * u) = u, the same draw (same id), not a new one.
    Expr e = parse("x * uniform(0.125, 0.3)");
    Expr d = Simplifier.simplifyAll(Differentiator.d(e, "x"));
    assertEquals(new Draw(Distribution.UNIFORM, new Num(0.125), new Num(0.3), 0), d);
  }

  @Test
  void condition_hasNoDerivative() throws Exception {
    Expr c = ((Select) parse("x > 0 ? 1 : 0")).condition();
    assertThrows(IllegalArgumentException.class, () -> Differentiator.d(c, "x"));
  }

  @Test
  void otherVariable_isAConstant() throws Exception {
    assertEquals(Num.ZERO, Simplifier.simplifyAll(Differentiator.d(parse("alpha * k"), "x")));
    assertEquals(
        new Var("alpha"), Simplifier.simplifyAll(Differentiator.d(parse("alpha * x"), "x")));
  }

  private static double derivativeAt(String formula, double x) throws FormulaSyntaxException {
    Expr d = Simplifier.simplifyAll(Differentiator.d(parse(formula), "x"));
    return Interpreter.eval(d, Map.of("x", x, "alpha", 0.3, "k", K));
  }

  private static Expr parse(String formula) throws FormulaSyntaxException {
    return Parser.parse(formula, SCOPE);
  }
}
