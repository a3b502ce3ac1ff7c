package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.rectify.processor.check.InfiniteClamp;
import dev.rectify.processor.check.Interpreter;
import dev.rectify.processor.diag.Message;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Expr.Call;
import dev.rectify.processor.formula.Expr.Num;
import dev.rectify.processor.formula.Expr.Var;
import dev.rectify.processor.formula.FormulaSyntaxException;
import dev.rectify.processor.formula.Function;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.formula.Scope;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.support.Code;
import dev.rectify.processor.symbolic.Differentiator;
import dev.rectify.processor.symbolic.Simplifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Formulas inside the parser's limits (MAX_LENGTH, MAX_DEPTH, the range of double) that the later
 * stages must still handle: deep trees the parser's depth count does not see, macros that duplicate
 * their argument, and constants that are finite in double but not in float or that fold to an
 * infinity.
 */
class FormulaLimitsTest {
  private static final Scope SCOPE = new Scope("formula", List.of("x"), false, Set.of(), true);

  /** {@code Infinity} or {@code Infinityf} used as a bare Java name. */
  private static final Pattern BARE_INFINITY = Pattern.compile("(?<![\\w.])-?Infinityf?\\b");

  @Test
  void longSumChain_isRejectedAsTooDeep_atTheOperatorThatCrossesTheLimit() {
    // A left-associative chain is a loop in the Pratt parser but a tree as deep as it is long,
    // and every later analysis recurses once per level: depth is what MAX_DEPTH bounds.
    String formula = "x" + "+x".repeat((Parser.MAX_LENGTH - 1) / 2);
    FormulaSyntaxException e =
        assertThrows(FormulaSyntaxException.class, () -> Parser.parse(formula, SCOPE));
    assertEquals(Message.TOO_DEEP, e.kind());
    assertEquals(1 + 2 * (Parser.MAX_DEPTH - 1), e.offset(), "the plus that makes depth 201");
  }

  @Test
  void longSumChain_atTheDepthLimit_survivesEveryAnalysis() throws Exception {
    String formula = "x" + "+x".repeat(Parser.MAX_DEPTH - 1);
    Expr e = Parser.parse(formula, SCOPE);
    Expr s = Simplifier.simplifyAll(e);
    Simplifier.simplifyAll(Differentiator.d(e, "x"));
    assertEquals(e, Parser.parse(Printer.print(e), SCOPE));
    assertEquals(Parser.MAX_DEPTH, Interpreter.eval(e, Map.of("x", 1.0)));
    assertEquals(Parser.MAX_DEPTH, Interpreter.eval(s, Map.of("x", 1.0)));
  }

  @Test
  void nestedMacros_beyondTheSizeLimit_areAnErrorNotAnOutOfMemory() {
    // silu(u) = u * sigmoid(u) uses u twice, so nesting doubles the tree each level: nesting 22
    // once ran javac out of heap. Now the size check stops it before any analysis walks the tree.
    JavaFileObject src =
        spec(
            "Deep",
            "@Activation(",
            "    formula = \"" + "silu(".repeat(22) + "x" + ")".repeat(22) + "\")");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifyTooComplex] the formula has more than 10000 nodes")
        .inFile(src)
        .onLineContaining("formula =");
  }

  @Test
  void nestedMacros_withinTheSizeLimit_compile() {
    JavaFileObject src = spec("Nested", "@Activation(", "    formula = \"silu(silu(silu(x)))\")");
    assertThat(compile(src)).succeededWithoutWarnings();
  }

  @Test
  void floatLowering_constantBeyondFloatRange_isValidJava() {
    // min(x, 1e300) has no transcendental function, so it is lowered in float, where 1e300
    // rounds to infinity and Float.toString gives "Infinity".
    Expr e = new Call(Function.MIN, List.of(new Var("x"), new Num(1e300)));
    Lowering l =
        new Lowering(
            false, Map.of("x", "xv"), false, Set.of("x"), null, null, 0, "t", InfiniteClamp.NONE);
    String code = Code.text(l.lower(e));
    assertFalse(BARE_INFINITY.matcher(code).find(), code);
  }

  @Test
  void doubleLowering_infiniteConstant_isValidJava() {
    Expr e = new Call(Function.MIN, List.of(new Var("x"), new Num(Double.POSITIVE_INFINITY)));
    Lowering l =
        new Lowering(
            true, Map.of("x", "xv"), false, Set.of("x"), null, null, 0, "t", InfiniteClamp.NONE);
    String code = Code.text(l.lower(e));
    assertFalse(BARE_INFINITY.matcher(code).find(), code);
  }

  @Test
  void constantBeyondFloatRange_generatesCompilingLayer() {
    JavaFileObject src = spec("Big", "@Activation(formula = \"min(x, 1e300)\")");
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void constantFoldedToInfinity_isReportedOrGeneratesCompilingLayer() {
    // Simplifier folds binary operations whatever the result (calls only when finite), and the
    // probes never see the infinite constant because min(x, inf) is finite. Either a diagnostic
    // or a compiling layer is acceptable; a javac error in generated code is not.
    JavaFileObject src = spec("Inf", "@Activation(formula = \"x * sigmoid(x) + min(x, 1 / 0)\")");
    Compilation c = compile(src);
    c.errors()
        .forEach(
            d ->
                assertFalse(
                    String.valueOf(d.getSource()).contains("SOURCE_OUTPUT"),
                    () -> "javac error in generated code: " + d.getMessage(null)));
  }
}
