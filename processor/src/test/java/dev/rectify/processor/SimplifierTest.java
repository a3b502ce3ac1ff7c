package dev.rectify.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.formula.Expr;
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
 * What the simplifier promises: folding, identities, selects brought to the {@code c ? a : b} form
 * the storage analysis reads, each stable rewrite applied and recorded, and no change of value.
 */
class SimplifierTest {
  private static final Scope SCOPE =
      new Scope("formula", List.of("x"), false, Set.of("k", "slope"), true);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          2 + 3 * 4           ; 14
          2 ^ 10              ; 1024
          -(2)                ; -2
          exp(0)              ; 1
          sqrt(2)             ; 1.4142135623730951
          max(1, 2)           ; 2
          1 > 0 ? x : 2 * x   ; x
          1 < 0 ? x : 2 * x   ; 2 * x
          !(1 < 0) && 2 > 1 ? x : 0 ; x
          log(0) + x          ; log(0) + x
          """)
  void constants_foldUnlessTheResultIsNotFinite(String formula, String expected) throws Exception {
    // log(0) stays, so that the finiteness check still sees (and reports) it.
    assertSimplifiesTo(formula, expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          x + 0         ; x
          0 + x         ; x
          x - 0         ; x
          0 - x         ; -x
          x - x         ; 0
          x + -x        ; 0
          x + (-2)      ; x - 2
          -x + k        ; k - x
          x - -k        ; x + k
          x + x         ; 2 * x
          x * 1         ; x
          1 * x         ; x
          x * 0         ; 0
          0 * x         ; 0
          x * -1        ; -x
          -1 * x        ; -x
          x * 2         ; 2 * x
          -2 * x        ; -(2 * x)
          2 * (3 * x)   ; 6 * x
          (-x) * k      ; -(x * k)
          k * -x        ; -(k * x)
          x / 1         ; x
          0 / x         ; 0
          x / 4         ; 0.25 * x
          x / -2        ; -(0.5 * x)
          x / 3         ; x / 3
          x ^ 1         ; x
          x ^ 0         ; 1
          x ^ 0.5       ; sqrt(x)
          (-x) ^ 2      ; x ^ 2
          (-x) ^ 3      ; (-x) ^ 3
          -(-x)         ; x
          -(x - 1)      ; 1 - x
          max(x, x)     ; x
          min(k, k)     ; k
          log(exp(x))   ; x
          !!(x > 0) ? 1 : 0 ; x > 0 ? 1 : 0
          """)
  void identities_apply(String formula, String expected) throws Exception {
    // x / 3 stays: x * (1 / 3) rounds differently; only powers of two have exact reciprocals.
    assertSimplifiesTo(formula, expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          x > 0 ? x : x                         ; x
          x > 0 ? (x > 1 ? 2 : 3) : 3           ; x > 0 && x > 1 ? 2 : 3
          x > 0 ? 2 : (x > 1 ? 2 : 3)           ; x > 0 || x > 1 ? 2 : 3
          (x > 0 ? 1 : 0) + (x > 0 ? 2 : 5)     ; x > 0 ? 3 : 5
          (x > 0 ? 1 : 0) + (x <= 0 ? 2 : 3)    ; x > 0 ? 4 : 2
          (x > 0 ? 1 : 0) + (0 >= x ? 2 : 3)    ; x > 0 ? 4 : 2
          k * (x > 0 ? 1 : 0)                   ; x > 0 ? k : 0
          """)
  void selects_mergeIntoOneSelectOfConstants(String formula, String expected) throws Exception {
    assertSimplifiesTo(formula, expected);
  }

  @ParameterizedTest(name = "d/dx {0} = {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          max(x, 0)                            ; x > 0 ? 1 : 0
          max(x, 0) + slope * min(x, 0)        ; x > 0 ? 1 : slope
          x > 0 ? x : slope * x                ; x > 0 ? 1 : slope
          x > 0 ? x : slope * (exp(x) - 1)     ; x > 0 ? 1 : slope * exp(x)
          relu6(x)                             ; x <= 6 && x > 0 ? 1 : 0
          """)
  void derivatives_becomeMasks(String formula, String expected) throws Exception {
    // The storage analysis keeps a 1-bit mask only for `c ? a : b` with element-independent a, b;
    // Leaky ReLU's derivative must reach that form, not (x > 0 ? 1 : 0) + slope * (...).
    Expr d = Differentiator.d(Parser.parse(formula, SCOPE), "x");
    assertEquals(expected, Printer.print(new Simplifier(Set.of("x")).simplify(d)));
  }

  @Test
  void hardtanhDerivative_becomesAMaskLikeRelu6() throws Exception {
    // clamp(x, -1, 1) differs from relu6(x) only in its bounds, yet d/dx of the unsimplified
    // max(x, -(1)) has d(-(1)) = -(0), folded to the literal -0.0, which is not equal() to the 0
    // of the outer select, so the selects do not merge into one mask. (FormulaCompiler simplifies
    // before differentiating, which folds -(1) to -1 first, so generated layers are not affected.)
    Expr d = Differentiator.d(Parser.parse("clamp(x, -1, 1)", SCOPE), "x");
    assertEquals(
        "x <= 1 && x > -1 ? 1 : 0", Printer.print(new Simplifier(Set.of("x")).simplify(d)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          exp(x) - 1         ; expm1(x)       ; exp(x) - 1 -> expm1(x)
          log(1 + x)         ; log1p(x)       ; log(1 + x) -> log1p(x)
          log(x + 1)         ; log1p(x)       ; log(x + 1) -> log1p(x)
          1 / (1 + exp(-x))  ; sigmoid(x)     ; 1 / (1 + exp(-x)) -> sigmoid(x)
          1 / (exp(-x) + 1)  ; sigmoid(x)     ; 1 / (exp(-x) + 1) -> sigmoid(x)
          1 / (1 + exp(x))   ; sigmoid(-x)    ; 1 / (1 + exp(x)) -> sigmoid(-x)
          log(sigmoid(x))    ; -softplus(-x)  ; log(sigmoid(x)) -> -softplus(-x)
          1 + erf(x)         ; erfc(-x)       ; 1 + erf(x) -> erfc(-x)
          erf(x) + 1         ; erfc(-x)       ; erf(x) + 1 -> erfc(-x)
          1 - erf(x)         ; erfc(x)        ; 1 - erf(x) -> erfc(x)
          """)
  void stableRewrite_appliesAndIsRecorded(String formula, String expected, String recorded)
      throws Exception {
    Simplifier s = new Simplifier(Set.of("x"));
    assertEquals(expected, Printer.print(s.simplify(Parser.parse(formula, SCOPE))));
    assertEquals(List.of(recorded), s.rewrites());
  }

  @Test
  void softplusRewrite_isRecordedStepByStep() throws Exception {
    // log(1 + exp(x)) reaches softplus through log1p; each step is recorded, so the generated
    // javadoc shows the chain. (The class javadoc shows it as a single line.)
    Simplifier s = new Simplifier(Set.of("x"));
    assertEquals("softplus(x)", Printer.print(s.simplify(parse("log(1 + exp(x))"))));
    assertEquals(
        List.of("log(1 + exp(x)) -> log1p(exp(x))", "log1p(exp(x)) -> softplus(x)"), s.rewrites());
  }

  @Test
  void stableRewrite_insideALargerFormula_recordsTheRewrittenPart() throws Exception {
    Simplifier s = new Simplifier(Set.of("x"));
    assertEquals(
        "0.5 * x * exp(x) * (2 * ndtr(x))",
        print(s.simplify(parse("0.5 * x * exp(x) * (1 + erf(x / sqrt(2)))"))));
    assertEquals(
        List.of(
            "1 + erf(x / 1.4142135623730951) -> erfc(-(x / 1.4142135623730951))",
            "erfc(-(x / 1.4142135623730951)) -> 2 * ndtr(x)"),
        s.rewrites());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          0.5 * x * (1 + erf(x / sqrt(2)))     ; x * ndtr(x)
          0.5 * x * (1 + erf(0.7071067811865476 * x)) ; x * ndtr(x)
          0.5 * x * (1 + erf(x * sqrt(0.5)))   ; x * ndtr(x)
          0.5 * erfc(x / sqrt(2))              ; ndtr(-x)
          1 - erf(x / sqrt(2))                 ; 2 * ndtr(-x)
          0.5 * x * (1 + erf(x / 1.4))         ; 0.5 * x * erfc(-(x / 1.4))
          0.5 * x * (1 + erf(x / sqrt(3)))     ; 0.5 * x * erfc(-(x / 1.7320508075688772))
          """)
  void erfOfXOverSqrt2_becomesTheNormalDistribution(String formula, String expected)
      throws Exception {
    assertEquals(expected, print(Simplifier.simplifyAll(parse(formula))));
  }

  @Test
  void rewrites_areRecordedOnceAndIdentitiesNotAtAll() throws Exception {
    Simplifier s = new Simplifier(Set.of("x"));
    s.simplify(parse("exp(x) - 1"));
    s.simplify(parse("(exp(x) - 1) * 1 + 0"));
    assertEquals(List.of("exp(x) - 1 -> expm1(x)"), s.rewrites());
  }

  @Test
  void isUniform_meansNoInputsAndNoDraws() throws Exception {
    Simplifier s = new Simplifier(Set.of("x"));
    assertTrue(s.isUniform(parse("2 * slope + k")));
    assertEquals(false, s.isUniform(parse("slope * x")));
    assertEquals(false, s.isUniform(parse("uniform(0, 1)")));
  }

  // ---------------------------------------------------------------------------------------------

  @Property(tries = 1000)
  void simplification_preservesValue(@ForAll("trees") Expr e) {
    Expr s = Simplifier.simplifyAll(e);
    for (double x : new double[] {-2.3, -0.7, 0.35, 1.1, 2.9}) {
      for (double k : new double[] {-1.3, 0.8}) {
        Map<String, Double> env = Map.of("x", x, "k", k);
        double before = Interpreter.eval(e, env);
        // NaN and infinities may legitimately become numbers (0 * u -> 0, log(exp(u)) -> u), so
        // only finite, moderate values are compared.
        boolean comparable = Double.isFinite(before) && largest(e, env) < 1e6;
        Statistics.label("point").collect(comparable ? "compared" : "skipped: not finite");
        if (!comparable) {
          continue;
        }
        double after = Interpreter.eval(s, env);
        // Rewrites change rounding only: a few ulps per operation of the largest intermediate
        // value (log(1 + u) vs log1p(u) differ by ~1 ulp of 1 when u is tiny).
        double tol = 1e-12 * (1 + largest(e, env));
        assertTrue(
            Math.abs(before - after) <= tol,
            () ->
                Printer.print(e)
                    + "\n  simplified to "
                    + Printer.print(s)
                    + "\n  at "
                    + env
                    + ": "
                    + before
                    + " became "
                    + after);
      }
    }
    Statistics.label("point").coverage(c -> c.check("compared").percentage(p -> p > 50));
  }

  @Provide
  Arbitrary<Expr> trees() {
    return ExprArbitraries.any(4);
  }

  /** The largest magnitude among the subexpressions a select actually evaluates. */
  private static double largest(Expr e, Map<String, Double> env) {
    if (Exprs.isCondition(e)) {
      return Exprs.children(e).stream().mapToDouble(c -> largest(c, env)).max().orElse(0);
    }
    double v = Math.abs(Interpreter.eval(e, env));
    double m = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    List<Expr> children = Exprs.children(e);
    if (e instanceof Expr.Select sel) {
      boolean taken = Interpreter.condition(sel.condition(), env);
      children = List.of(sel.condition(), taken ? sel.then() : sel.otherwise());
    } else if (e instanceof Expr.Draw d) {
      children = List.of(d.mean());
    }
    for (Expr c : children) {
      m = Math.max(m, largest(c, env));
    }
    return m;
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertSimplifiesTo(String formula, String expected) throws Exception {
    assertEquals(expected, print(Simplifier.simplifyAll(parse(formula))), formula);
  }

  private static Expr parse(String formula) throws FormulaSyntaxException {
    return Parser.parse(formula, SCOPE);
  }

  private static String print(Expr e) {
    return Printer.print(e);
  }
}
