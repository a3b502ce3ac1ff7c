package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.compileWithVectorKernels;
import static dev.rectify.processor.support.Sources.spec;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Malformed or hostile specs found by fuzzing: each must give a clear error on the attribute that
 * caused it, never an internal error, a javac error in generated code or a minutes-long compile.
 */
class HostileSpecDiagnosticsTest {

  private static void assertOnlyError(
      Compilation c, JavaFileObject src, String line, String fragment) {
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(fragment).inFile(src).onLineContaining(line);
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void derivativeInXAndY_isAnErrorOnTheDerivative() {
    JavaFileObject src =
        spec(
            "EluY",
            "@Activation(name = \"elu-y\", formula = \"x > 0 ? x : alpha * expm1(x)\",",
            "    derivative = \"x > 0 ? 1 : y + alpha\",",
            "    params = @Param(name = \"alpha\", value = 1.0))");
    assertOnlyError(compile(src), src, "derivative =", "[RectifyMixedDerivative]");
    assertOnlyError(compileWithVectorKernels(src), src, "derivative =", "[RectifyMixedDerivative]");
  }

  @Test
  void derivativeInXAndY_withoutSelect_isAnErrorOnTheDerivative() {
    JavaFileObject src =
        spec(
            "TanhY", "@Activation(formula = \"tanh(x)\",", "    derivative = \"1 - y * tanh(x)\")");
    assertOnlyError(compile(src), src, "derivative =", "write it in x alone, or in y alone");
  }

  private static String nested(String function, int depth, String argument) {
    return (function + "(").repeat(depth) + argument + ")".repeat(depth);
  }

  @Test
  void geluNested8_isTooComplexWhenSpelledOut() {
    // Small as parsed and differentiated, but ndtr spelled out over exp(-u^2/2) uses u thrice.
    JavaFileObject src =
        spec("Gelu8", "@Activation(", "    formula = \"" + nested("gelu", 8, "x") + "\")");
    assertOnlyError(
        compile(src),
        src,
        "formula =",
        "[RectifyTooComplex] the formula has more than 10000 nodes");
    assertThat(compile(src)).hadErrorContaining("spelled out");
  }

  @Test
  void logsigmoidNested24_isTooComplex() {
    JavaFileObject src =
        spec("LogSig", "@Activation(", "    formula = \"" + nested("logsigmoid", 24, "x") + "\")");
    assertOnlyError(compile(src), src, "formula =", "[RectifyTooComplex]");
  }

  @Test
  void surrogateNested12_isTooComplexOnTheSurrogate() {
    JavaFileObject src =
        spec(
            "Sur",
            "@Activation(formula = \"max(x, 0)\",",
            "    surrogate = \"" + nested("silu", 12, "x") + "\")");
    assertOnlyError(compile(src), src, "surrogate =", "[RectifyTooComplex] the surrogate has more");
  }

  @Test
  void surrogateNested10_isTooComplexAfterDifferentiation() {
    JavaFileObject src =
        spec(
            "Sur",
            "@Activation(formula = \"max(x, 0)\",",
            "    surrogate = \"" + nested("silu", 10, "x") + "\")");
    Compilation c = compile(src);
    assertOnlyError(c, src, "surrogate =", "[RectifyTooComplex] the surrogate's derivative");
    assertThat(c).hadErrorContaining("after differentiation");
  }

  @Test
  void derivativeNested30_isTooComplexOnTheDerivative() {
    JavaFileObject src =
        spec(
            "Der",
            "@Activation(formula = \"x\",",
            "    derivative = \"" + nested("silu", 30, "x") + "\")");
    assertOnlyError(
        compile(src), src, "derivative =", "[RectifyTooComplex] the derivative has more than");
  }

  @Test
  void surrogateDerivativeNested30_isTooComplexOnIt() {
    JavaFileObject src =
        spec(
            "SurDer",
            "@Activation(formula = \"max(x, 0)\",",
            "    surrogateDerivative = \"" + nested("silu", 30, "x") + "\")");
    assertOnlyError(
        compile(src),
        src,
        "surrogateDerivative =",
        "[RectifyTooComplex] the surrogateDerivative has more than");
  }

  @Test
  void negativeSlopeNested30_isTooComplexOnIt() {
    JavaFileObject src =
        spec(
            "Slope",
            "@Activation(formula = \"max(x, 0)\",",
            "    negativeSlope = \"" + nested("silu", 30, "alpha") + "\",",
            "    params = @Param(name = \"alpha\", value = 0.1))");
    assertOnlyError(
        compile(src),
        src,
        "negativeSlope =",
        "[RectifyTooComplex] the negativeSlope has more than");
  }

  @Test
  void gatedNested10_isTooComplex() {
    JavaFileObject src =
        spec("Gated", "@Activation(", "    formula = \"" + nested("silu", 10, "a * b") + "\")");
    assertOnlyError(compile(src), src, "formula =", "[RectifyTooComplex]");
  }
}
