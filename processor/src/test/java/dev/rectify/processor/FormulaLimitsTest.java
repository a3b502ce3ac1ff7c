package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Binary;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Var;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.symbolic.Differentiator;
import dev.rectify.processor.symbolic.Simplifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Formulas inside the parser's limits (MAX_LENGTH, MAX_DEPTH, the range of double) that the
 * later stages must still handle: deep trees the parser's depth count does not see, macros that
 * duplicate their argument, and constants that are finite in double but not in float or that
 * fold to an infinity.
 */
class FormulaLimitsTest {
  private static final Scope SCOPE = new Scope("formula", List.of("x"), false, Set.of(), true);

  /** {@code Infinity} or {@code Infinityf} used as a bare Java name. */
  private static final Pattern BARE_INFINITY = Pattern.compile("(?<![\\w.])-?Infinityf?\\b");

  @Test
  void longSumChain_underMaxLength_isAcceptedByTheParser() throws Exception {
    // A left-associative chain is a loop in the Pratt parser, so MAX_DEPTH does not count it.
    int terms = 1 + (Parser.MAX_LENGTH - 1) / 2;
    String formula = "x" + "+x".repeat(terms - 1);
    Expr e = Parser.parse(formula, SCOPE);
    // Walk the left spine iteratively: the recursive analyses are what the next test is about.
    int depth = 0;
    while (e instanceof Binary b) {
      e = b.left();
      depth++;
    }
    assertEquals(terms - 1, depth);
  }

  @Test
  @Disabled("bug: a sum chain under MAX_LENGTH overflows the stack in Simplifier, Printer,"
      + " Interpreter and record hashCode/equals")
  void longSumChain_underMaxLength_survivesEveryAnalysis() throws Exception {
    // 5,000 left-nested additions (9,999 characters): Simplifier.simplify, Printer.print, the
    // records' equals/hashCode and (before the JIT compiles it) Interpreter.eval recurse once per
    // level and throw StackOverflowError from about 3,000 levels. In the processor that becomes
    // "[RectifyInternalError] ... StackOverflowError" on a formula the parser accepted.
    String formula = "x" + "+x".repeat((Parser.MAX_LENGTH - 1) / 2);
    Expr e = Parser.parse(formula, SCOPE);
    Expr s = Simplifier.simplifyAll(e);
    Simplifier.simplifyAll(Differentiator.d(e, "x"));
    Printer.print(e);
    assertEquals(e, Parser.parse(formula, SCOPE));
    assertEquals(Interpreter.eval(e, Map.of("x", 1.0)), Interpreter.eval(s, Map.of("x", 1.0)));
  }

  @Test
  @Disabled("bug: nested silu/gelu duplicate their argument, so simplifying and differentiating"
      + " take time and memory exponential in the nesting")
  void nestedMacros_compileInTimeLinearInTheirNesting() throws Exception {
    // silu(u) = u * sigmoid(u) holds u twice; the parser shares it, but every analysis walks the
    // tree, so each level multiplies the work by ~4.5: nesting 16 (101 characters) gives a
    // derivative of 6.4 million nodes, and javac runs out of heap at nesting 22. From nesting 10
    // to 18, linear work grows ~2x and the current pipeline by 100x or more (measured, JIT
    // warmed by the first call); the bound allows 10x plus 50 ms of noise.
    pipeline(14);
    long small = pipeline(10);
    long large = pipeline(18);
    assertTrue(
        large < 10 * small + 50_000_000L,
        () -> "nesting 10: " + small / 1e6 + " ms, nesting 18: " + large / 1e6 + " ms");
  }

  /** Nanoseconds to simplify silu nested {@code n} deep and to differentiate the result. */
  private static long pipeline(int n) throws Exception {
    Expr e = Parser.parse("silu(".repeat(n) + "x" + ")".repeat(n), SCOPE);
    long start = System.nanoTime();
    Expr forward = Simplifier.simplifyAll(e);
    Simplifier.simplifyAll(Differentiator.d(forward, "x"));
    return System.nanoTime() - start;
  }

  @Test
  @Disabled("bug: Lowering prints a double constant beyond float range as the Java name"
      + " Infinityf")
  void floatLowering_constantBeyondFloatRange_isValidJava() {
    // min(x, 1e300) has no transcendental function, so it is lowered in float, where 1e300
    // rounds to infinity and Float.toString gives "Infinity".
    Expr e = new Call(Function.MIN, List.of(new Var("x"), new Num(1e300)));
    Lowering l = new Lowering(false, Map.of("x", "xv"), false, Set.of("x"), null, null, 0, "t");
    String code = l.lower(e).toString();
    assertFalse(BARE_INFINITY.matcher(code).find(), code);
  }

  @Test
  @Disabled("bug: Lowering prints an infinite double constant as the Java name Infinity")
  void doubleLowering_infiniteConstant_isValidJava() {
    Expr e = new Call(Function.MIN, List.of(new Var("x"), new Num(Double.POSITIVE_INFINITY)));
    Lowering l = new Lowering(true, Map.of("x", "xv"), false, Set.of("x"), null, null, 0, "t");
    String code = l.lower(e).toString();
    assertFalse(BARE_INFINITY.matcher(code).find(), code);
  }

  @Test
  @Disabled("bug: formula min(x, 1e300) generates a layer that does not compile (Infinityf)")
  void constantBeyondFloatRange_generatesCompilingLayer() {
    JavaFileObject src = spec("Big", "@Activation(formula = \"min(x, 1e300)\")");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  @Disabled("bug: 1 / 0 folds to an infinite literal, so x * sigmoid(x) + min(x, 1 / 0)"
      + " generates a layer that does not compile (Infinity)")
  void constantFoldedToInfinity_isReportedOrGeneratesCompilingLayer() {
    // Simplifier folds binary operations whatever the result (calls only when finite), and the
    // probes never see the infinite constant because min(x, inf) is finite. Either a diagnostic
    // or a compiling layer is acceptable; a javac error in generated code is not.
    JavaFileObject src =
        spec("Inf", "@Activation(formula = \"x * sigmoid(x) + min(x, 1 / 0)\")");
    Compilation c = compile(src);
    c.errors()
        .forEach(
            d ->
                assertFalse(
                    String.valueOf(d.getSource()).contains("SOURCE_OUTPUT"),
                    () -> "javac error in generated code: " + d.getMessage(null)));
  }
}
