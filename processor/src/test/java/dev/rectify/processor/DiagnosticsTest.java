package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.spec;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic code: the message, the file and the line it is reported on. Each spec
 * that has errors must generate nothing.
 */
class DiagnosticsTest {

  private static void assertError(JavaFileObject src, String line, String... fragments) {
    Compilation c = compile(src);
    assertThat(c).failed();
    for (String fragment : fragments) {
      assertThat(c).hadErrorContaining(fragment).inFile(src).onLineContaining(line);
    }
  }

  /** The first error shows the formula and, on the next line, a caret under {@code offset}. */
  private static void assertCaret(Compilation c, String formula, int offset) {
    String[] lines = c.errors().get(0).getMessage(null).split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      int at = lines[i].indexOf(formula);
      if (at >= 0) {
        org.junit.jupiter.api.Assertions.assertEquals(
            at + offset,
            lines[i + 1].indexOf('^'),
            "caret under column " + (offset + 1) + " of:\n" + lines[i] + "\n" + lines[i + 1]);
        return;
      }
    }
    org.junit.jupiter.api.Assertions.fail("formula not shown in: " + c.errors().get(0));
  }

  @Test
  void wrongDerivative_namesNegativeProbeAndBothValues() {
    JavaFileObject src =
        spec(
            "Half",
            "@Activation(",
            "    formula = \"max(x, 0)\",",
            "    derivative = \"x > 0 ? 1 : 0.5\")");
    assertError(
        src,
        "derivative =",
        "[RectifyWrongDerivative] derivative disagrees with d/dx of the formula at x = -1.0:"
            + " declared 0.5, symbolic 0.0");
  }

  @Test
  void syntax_unclosedCall_pointsAtTheEnd() {
    JavaFileObject src = spec("Bad", "@Activation(", "    formula = \"max(x, 0\")");
    assertError(
        src, "formula =", "[RectifySyntax] formula:9: expected ')' to close the call of max");
    assertCaret(compile(src), "max(x, 0", 8);
  }

  @Test
  void syntax_chainedComparison() {
    JavaFileObject src = spec("Bad", "@Activation(formula =", "    \"0 < x < 1 ? x : 0\")");
    assertError(src, "\"0 < x < 1", "[RectifySyntax] formula:7: comparisons do not chain");
  }

  @Test
  void emptyFormula() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"  \")"),
        "formula =",
        "[RectifyEmptyFormula] formula:1: formula is empty");
  }

  @Test
  void tooLong() {
    String formula = "x" + " + x".repeat(2500);
    assertError(
        spec("Bad", "@Activation(", "    formula = \"" + formula + "\")"),
        "formula =",
        "[RectifyTooLong] formula:1: formula is 10001 characters long; the limit is 10000");
  }

  @Test
  void tooDeep_isAnErrorNotAStackOverflow() {
    String formula = "(".repeat(300) + "x" + ")".repeat(300);
    assertError(
        spec("Bad", "@Activation(", "    formula = \"" + formula + "\")"),
        "formula =",
        "[RectifyTooDeep] formula:201: expression nested more than 200 levels deep");
  }

  @Test
  void type_conditionUsedAsNumber() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"x * (x > 0)\")"),
        "formula =",
        "[RectifyType] formula:5: a condition cannot be used as a number");
  }

  @Test
  void unknownFunction_suggestsTheClosest() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"x * sigmod(x)\")"),
        "formula =",
        "[RectifyUnknownFunction] formula:5: unknown function 'sigmod'; did you mean 'sigmoid'?");
    assertCaret(
        compile(spec("Bad", "@Activation(", "    formula = \"x * sigmod(x)\")")),
        "x * sigmod(x)",
        4);
  }

  @Test
  void unknownName_suggestsAParameter() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"x * alpah\",",
            "    params = @Param(name = \"alpha\", value = 1))");
    assertError(
        src,
        "formula =",
        "[RectifyUnknownName] formula:5: unknown name 'alpah'; did you mean 'alpha'?");
  }

  @Test
  void arity() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"max(x)\")"),
        "formula =",
        "[RectifyArity] formula:1: 'max' takes 2 arguments, got 1");
  }

  @Test
  void wrongInput_bInOneInputFormula() {
    assertError(
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"x + sigmoid(x) * c\",",
            "    params = @Param(name = \"c\", value = 1),",
            "    derivative = \"b\")"),
        "derivative =",
        "[RectifyWrongInput] derivative:1: 'b' is not an input of a one-input activation, whose input is x");
  }

  @Test
  void wrongInput_xInGatedFormula() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"a * sigmoid(x)\")"),
        "formula =",
        "[RectifyWrongInput] formula:13: 'x' is not an input of a gated activation, whose inputs are a and b");
  }

  @Test
  void outputNotAllowedInFormula() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"y * x\")"),
        "formula =",
        "[RectifyOutputNotAllowed] formula:1: 'y' (the output) may only appear in derivative");
  }

  @Test
  void drawNotAllowedInDerivative() {
    JavaFileObject src =
        spec("Bad", "@Activation(", "    formula = \"x\",", "    derivative = \"uniform(0, 1)\")");
    assertError(
        src,
        "derivative =",
        "[RectifyDrawNotAllowed] derivative:1: 'uniform' draws random numbers");
  }

  @Test
  void conflictingAttributes() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"max(x, 0)\",",
            "    derivative = \"x > 0 ? 1 : 0\",",
            "    surrogate = \"x * sigmoid(x)\")");
    assertError(
        src,
        "surrogate =",
        "[RectifyConflictingAttributes] derivative and surrogate cannot be combined");
  }

  @Test
  void unsupported_derivativeOfGatedForm() {
    JavaFileObject src =
        spec("Bad", "@Activation(", "    formula = \"a * sigmoid(b)\",", "    derivative = \"1\")");
    assertError(
        src,
        "derivative =",
        "[RectifyUnsupported] derivative is not supported for gated (two-input) formulas");
  }

  @Test
  void duplicateParam() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"alpha * x\",",
            "    params = {@Param(name = \"alpha\", value = 1),",
            "              @Param(name = \"alpha\", value = 2)})");
    assertError(src, "value = 2", "[RectifyDuplicateParam] parameter 'alpha' is declared twice");
  }

  @Test
  void unusedParam_isAWarningAndTheLayerIsGenerated() {
    JavaFileObject src =
        spec(
            "Lin",
            "@Activation(",
            "    formula = \"x\",",
            "    params = @Param(name = \"beta\", value = 1))");
    Compilation c = compile(src);
    assertThat(c).succeeded();
    assertThat(c)
        .hadWarningContaining("[RectifyUnusedParam] parameter 'beta' is not used by any formula")
        .inFile(src)
        .onLineContaining("beta");
    assertThat(c).generatedSourceFile("test.LinLayer");
  }

  @Test
  void reservedName() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"x\",",
            "    params = @Param(name = \"exp\", value = 1))");
    assertError(
        src,
        "name = \"exp\"",
        "[RectifyReservedName] 'exp' is reserved (a function) and cannot name a parameter");
  }

  @Test
  void invalidParamName() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"x\",",
            "    params = @Param(name = \"2fast\", value = 1))");
    assertError(
        src, "2fast", "[RectifyInvalidParamName] parameter name '2fast' is not an identifier");
  }

  @Test
  void invalidParamValue() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"k * x\",",
            "    params = @Param(name = \"k\", value = 0.0 / 0.0))");
    assertError(
        src, "0.0 / 0.0", "[RectifyInvalidParamValue] parameter 'k' has the non-finite value NaN");
  }

  @Test
  void invalidRegistryName() {
    assertError(
        spec("Bad", "@Activation(formula = \"x\",", "    name = \"Sugar_BSiLU\")"),
        "name =",
        "[RectifyInvalidName] activation name 'Sugar_BSiLU' must be lower case");
  }

  @Test
  void duplicateRegistryName_acrossTypes() {
    JavaFileObject one = spec("One", "@Activation(name = \"same\", formula = \"x\")");
    JavaFileObject two = spec("Two", "@Activation(name = \"same\", formula = \"max(x, 0)\")");
    Compilation c = compile(one, two);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RectifyDuplicateName] activation name 'same' is already used by test.One")
        .inFile(two)
        .onLineContaining("@Activation");
  }

  @Test
  void badTarget_enum() {
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "test.Color",
            "package test;",
            "import dev.rectify.spec.Activation;",
            "@Activation(formula = \"x\")",
            "enum Color { RED }");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[RectifyBadTarget] @Activation belongs on an interface or a class, not on a enum")
        .inFile(src)
        .onLineContaining("@Activation");
  }

  @Test
  void notFinite_logOfNegative() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"log(x)\")"),
        "formula =",
        "[RectifyNotFinite] the formula gives -Infinity at the finite input x = 0.0");
  }

  @Test
  void notFinite_overflowWithoutKnownRewrite() {
    assertError(
        spec("Bad", "@Activation(", "    formula = \"exp(x)\")"),
        "formula =",
        "[RectifyNotFinite] the formula gives Infinity at the finite input x = 10000.0");
  }

  @Test
  void perChannelWithoutLearnable_isUnsupported() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    formula = \"k * x\",",
            "    params = @Param(name = \"k\", value = 1, perChannel = true))");
    assertError(
        src, "perChannel", "[RectifyUnsupported] parameter 'k' is perChannel but not learnable");
  }

  @Test
  void threeMistakes_threeErrors() {
    JavaFileObject src =
        spec(
            "Bad",
            "@Activation(",
            "    name = \"Bad Name\",",
            "    formula = \"sigmod(x)\",",
            "    surrogate = \"exp(\")");
    Compilation c = compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(3);
    assertThat(c).hadErrorContaining("[RectifyInvalidName]").inFile(src).onLineContaining("name =");
    assertThat(c)
        .hadErrorContaining("[RectifyUnknownFunction]")
        .inFile(src)
        .onLineContaining("formula =");
    assertThat(c)
        .hadErrorContaining("[RectifySyntax] surrogate:5: formula ends too early")
        .inFile(src)
        .onLineContaining("surrogate =");
  }
}
