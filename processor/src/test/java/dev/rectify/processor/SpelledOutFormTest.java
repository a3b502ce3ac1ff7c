package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.symbolic.Differentiator;
import dev.rectify.processor.symbolic.Simplifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spelled-out forms generated kernels compute ({@link Lowering#spelledOutForm}) are the
 * functions they replace: evaluated in double by the interpreter over a sweep and the edge values,
 * each within 1e-14 relative (or 1e-300 absolute) of the written form, zeros with their sign.
 * Mish's {@code tanh(softplus(u))} and its derivative's {@code sigmoid(+-2 softplus(u))} become
 * rational functions of exp(-|u|); a mix-up of its three numerators, or of the sides of u = 0,
 * fails here.
 */
class SpelledOutFormTest {
  private static final Scope SCOPE =
      new Scope("formula", List.of("x"), false, Set.of("alpha", "beta"), true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tanh(softplus(x))",
        "sigmoid(2 * softplus(x))",
        "sigmoid(-(2 * softplus(x)))",
        "x * tanh(softplus(x))",
        "tanh(softplus(-x))",
        "tanh(softplus(3 * x - 1))",
        "sigmoid(x) * sigmoid(-x)",
        "softplus(x) - x",
      })
  void spelledOutForm_isTheSameFunction(String formula) throws Exception {
    Expr written = Parser.parse(formula, SCOPE);
    Expr spelled = Lowering.spelledOutForm(written);
    for (double x : points()) {
      Map<String, Double> env = Map.of("x", x);
      double expected = Interpreter.eval(written, env);
      double actual = Interpreter.eval(spelled, env);
      if (Double.isNaN(expected)) {
        assertTrue(Double.isNaN(actual), formula + " at " + x + ": " + actual);
        continue;
      }
      if (expected == 0) {
        // the sign of a zero too: assertEquals with a tolerance takes -0 for +0
        assertEquals(
            Double.doubleToLongBits(expected),
            Double.doubleToLongBits(actual),
            formula + " at x = " + x + ": " + actual);
        continue;
      }
      double tolerance = Math.max(1e-14 * Math.abs(expected), 1e-300);
      assertEquals(expected, actual, tolerance, formula + " at x = " + x);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tanh(softplus(x))", "sigmoid(-(2 * softplus(x)))"})
  void mishForms_areSpelledOutWithoutLog1pOrTanh(String formula) throws Exception {
    String spelled = Lowering.spelledOutForm(Parser.parse(formula, SCOPE)).toString();
    assertEquals(-1, spelled.indexOf("LOG1P"), spelled);
    assertEquals(-1, spelled.indexOf("TANH"), spelled);
    assertNotEquals(-1, spelled.indexOf("EXP"), spelled);
  }

  /**
   * Float lanes take SiLU-shaped derivatives, as the differentiator and simplifier write them, as
   * {@code sigmoid(u) swish_gain(u)} ({@link Lowering#swishGainForm}): the same function wherever
   * the written sum is finite (at +-inf it is inf * 0, the gain's limit is not), and only for those
   * shapes.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "x * sigmoid(x); true",
        "x * sigmoid(beta * x); true",
        "x * sigmoid(x * beta); true",
        "x * sigmoid(1.702 * x); true",
        // written as a difference with u = -(alpha * x): not taken, the kernels keep double lanes
        "x * sigmoid(-(alpha * x)); false",
        // a factor that is not u's: the sum stays
        "2 * x * sigmoid(x); false",
        "x * sigmoid(x + 1); false",
      })
  void swishGainForm_isTheDerivativeItReplaces(String spec) throws Exception {
    String[] parts = spec.split("; ");
    Expr derivative = Simplifier.simplifyAll(Differentiator.d(Parser.parse(parts[0], SCOPE), "x"));
    Expr form = Lowering.swishGainForm(derivative);
    assertEquals(
        Boolean.parseBoolean(parts[1]),
        form.toString().contains("SWISH_GAIN"),
        parts[0] + ": " + form);
    for (double x : points()) {
      Map<String, Double> env = Map.of("x", x, "alpha", 0.3, "beta", 0.7);
      double expected = Interpreter.eval(derivative, env);
      if (!Double.isFinite(expected)) {
        continue;
      }
      double actual = Interpreter.eval(form, env);
      // the written sum, the reference here, itself cancels to about 1e-17 near its root
      double tolerance = Math.max(1e-14 * Math.abs(expected), Math.abs(x) < 10 ? 1e-16 : 1e-300);
      assertEquals(expected, actual, tolerance, parts[0] + "' at x = " + x);
    }
  }

  /**
   * GELU's forward and derivative, as the simplifier and differentiator write them, become {@code
   * ndtr_times(u)} and {@code ndtr_slope(u)} ({@link Lowering#normalForms}), and spelled out over
   * exp(-a^2 / 2) and the Mills ratio they are the written functions: within 1e-9 relative where
   * |x| &lt;= 15 (the Mills ratio's rational function is within 1.1e-10 there, and follows the
   * asymptote to 1.2e-7 beyond), or 1e-10 absolute for |x| &lt; 2: near the derivative's zero at x
   * = -0.75179 the sum's terms, about 0.23, cancel, and so does the ratio's 1.1e-10 relative error
   * of them (the contract allows 2^-23 there); and at +-inf their limits (0, -0, inf; 0 and 1),
   * where the written forms are inf * 0. Other shapes keep the written form.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "x * ndtr(x); true; true",
        "ndtr(x) * x; true; true",
        "0.5 * x * (1 + erf(x / sqrt(2))); true; true",
        "gelu(x); true; true",
        "x * ndtr(x) * beta; true; true",
        // u = beta x: the derivative is beta (ndtr(u) + u npdf(u)); the forward is not u ndtr(u)
        "x * ndtr(beta * x); false; true",
        "2 * x * ndtr(x + 1); false; false",
        "ndtr(x); false; false",
      })
  void normalForms_areTheFunctionsTheyReplace(String spec) throws Exception {
    String[] parts = spec.split("; ");
    Expr forward = Simplifier.simplifyAll(Parser.parse(parts[0], SCOPE));
    Expr derivative = Simplifier.simplifyAll(Differentiator.d(forward, "x"));
    Expr forwardForm = Lowering.normalForms(forward);
    Expr derivativeForm = Lowering.normalForms(derivative);
    assertEquals(
        Boolean.parseBoolean(parts[1]),
        forwardForm.toString().contains("NDTR_TIMES"),
        parts[0] + ": " + forwardForm);
    assertEquals(
        Boolean.parseBoolean(parts[2]),
        derivativeForm.toString().contains("NDTR_SLOPE"),
        parts[0] + "': " + derivativeForm);
    for (Expr[] pair : new Expr[][] {{forward, forwardForm}, {derivative, derivativeForm}}) {
      Expr spelled = Lowering.spelledOutForm(pair[0]);
      for (double x : points()) {
        Map<String, Double> env = Map.of("x", x, "alpha", 0.3, "beta", 0.7);
        double written = Interpreter.eval(pair[0], env);
        double form = Interpreter.eval(pair[1], env);
        double computed = Interpreter.eval(spelled, env);
        if (Double.isNaN(x)) {
          assertTrue(Double.isNaN(form) && Double.isNaN(computed), pair[0] + " at NaN");
          continue;
        }
        if (Double.isNaN(written)) {
          // inf * 0 as written: the form and the code give the limit
          assertTrue(Double.isInfinite(x), pair[0] + " is NaN at " + x);
          assertEquals(form, computed, 0, pair[0] + " at " + x);
          continue;
        }
        assertEquals(
            written, form, Math.max(1e-14 * Math.abs(written), 1e-300), pair[1] + " at " + x);
        if (Double.isInfinite(written)) {
          assertEquals(written, computed, 0, pair[0] + " spelled out at " + x);
          continue;
        }
        // beyond a = 15 (results below 1e-49) the rational function only follows the asymptote
        double relative = Math.abs(x) <= 15 ? 1e-9 : 2e-7;
        double tolerance = Math.max(relative * Math.abs(written), Math.abs(x) < 2 ? 1e-10 : 1e-300);
        assertEquals(written, computed, tolerance, pair[0] + " spelled out at " + x);
      }
    }
  }

  private static double[] points() {
    double[] edges = {
      0,
      -0.0,
      1e-300,
      -1e-300,
      1e-8,
      -1e-8,
      20,
      -20,
      40,
      -40,
      300,
      -300,
      700,
      -700,
      800,
      -800,
      1e300,
      -1e300,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NaN
    };
    double[] all = new double[edges.length + 4001];
    System.arraycopy(edges, 0, all, 0, edges.length);
    for (int i = 0; i <= 4000; i++) {
      all[edges.length + i] = -50 + i * 0.025; // the range where every term is significant
    }
    return all;
  }
}
