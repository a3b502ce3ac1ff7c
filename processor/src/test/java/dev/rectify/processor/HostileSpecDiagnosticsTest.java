package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.compileWithVectorKernels;
import static dev.rectify.processor.support.Sources.spec;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.Diagnostic;
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
    assertThat(c).hadErrorContaining("after differentiation; simplify the surrogate");
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

  private static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceLines("test." + name, lines);
  }

  private static final String RELU =
      "@dev.rectify.spec.Activation(name = \"%s\", formula = \"x * sigmoid(x)\")";

  @Test
  void nestedTypeBesideTopLevelOfTheJoinedName_isANameClash() {
    JavaFileObject outer =
        source(
            "Outer",
            "package test;",
            "interface Outer {",
            "  " + RELU.formatted("a"),
            "  interface Foo {}",
            "}");
    JavaFileObject joined =
        source("Outer_Foo", "package test;", RELU.formatted("b"), "interface Outer_Foo {}");
    Compilation c = compile(outer, joined);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[RectifyNameClash] the generated class test.Outer_FooLayer");
    assertNoInternalError(c);
  }

  @Test
  void userClassNamedLikeTheLayer_isANameClashOnTheSpec() {
    JavaFileObject spec = source("Foo", "package test;", RELU.formatted("foo"), "interface Foo {}");
    JavaFileObject user = source("FooLayer", "package test;", "class FooLayer {}");
    Compilation c = compile(spec, user);
    assertOnlyError(
        c,
        spec,
        "@dev.rectify.spec.Activation",
        "[RectifyNameClash] the generated class test.FooLayer would clash with the type"
            + " test.FooLayer declared in source");
  }

  @Test
  void specAndSpecNamedLikeItsLayer_isANameClash() {
    JavaFileObject spec = source("Foo", "package test;", RELU.formatted("foo"), "interface Foo {}");
    JavaFileObject layer =
        source("FooLayer", "package test;", RELU.formatted("foo-layer"), "interface FooLayer {}");
    Compilation c = compile(spec, layer);
    assertOnlyError(c, spec, "@dev.rectify.spec.Activation", "[RectifyNameClash]");
  }

  @Test
  void userClassNamedLikeTheVectorKernels_isANameClash() {
    JavaFileObject spec = source("Foo", "package test;", RELU.formatted("foo"), "interface Foo {}");
    JavaFileObject user = source("FooVectorKernels", "package test;", "class FooVectorKernels {}");
    Compilation c = compileWithVectorKernels(spec, user);
    assertOnlyError(
        c,
        spec,
        "@dev.rectify.spec.Activation",
        "[RectifyNameClash] the generated class test.FooVectorKernels");
  }

  @Test
  void typeNameTooLongForAFileName_isAnErrorOnTheType() {
    String name = "A".repeat(240);
    JavaFileObject spec =
        source(name, "package test;", RELU.formatted("long"), "interface " + name + " {}");
    Compilation c = compileWithVectorKernels(spec);
    assertOnlyError(c, spec, "@dev.rectify.spec.Activation", "[RectifyNameTooLong]");
  }

  private static void assertNoInternalError(Compilation c) {
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      String m = d.getMessage(null);
      org.junit.jupiter.api.Assertions.assertFalse(
          m.contains("RectifyInternalError") || m.contains("Attempt to recreate"), m);
    }
  }

  /** javac's own error, and no Rectify error about the placeholder javac leaves behind. */
  private static void assertOnlyJavacError(Compilation c) {
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("cannot find symbol");
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      org.junit.jupiter.api.Assertions.assertFalse(
          d.getMessage(null).contains("Rectify"), d.getMessage(null));
    }
  }

  @Test
  void unresolvedParamValue_leavesOnlyJavacsError() {
    JavaFileObject src =
        spec(
            "Unk",
            "@Activation(formula = \"k * x\",",
            "    params = @Param(name = \"k\", value = UNKNOWN))");
    assertOnlyJavacError(compile(src));
  }

  @Test
  void unresolvedFormula_leavesOnlyJavacsError() {
    JavaFileObject src = spec("Unk", "@Activation(formula = UNKNOWN)");
    assertOnlyJavacError(compile(src));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"x + 0/0*0", "sqrt(-1) * 0 + x", "min(logsigmoid(x), (x - x)/x)"})
  void nanTheSimplifierRemoves_isNotFiniteOnTheFormula(String formula) {
    JavaFileObject src = spec("Nan", "@Activation(", "    formula = \"" + formula + "\")");
    assertOnlyError(
        compile(src), src, "formula =", "[RectifyNotFinite] the formula as written gives NaN");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "x | 1 + 0/0*0",
        "tanh(x) | 1 - y^2 + (y - y)/y",
        "softplus(x) | sigmoid(x) + sqrt(-1) * 0"
      })
  void nanTheSimplifierRemoves_isNotFiniteOnTheDerivative(String formula, String derivative) {
    JavaFileObject src =
        spec(
            "NanD",
            "@Activation(formula = \"" + formula + "\",",
            "    derivative = \"" + derivative + "\")");
    assertOnlyError(
        compile(src),
        src,
        "derivative =",
        "[RectifyNotFinite] the derivative as written gives NaN at the finite input x = 0.0");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"1 / (1 + x^2) + 0/0*0", "sigmoid(x) * (1 - sigmoid(x)) + (x - x)/x"})
  void nanTheSimplifierRemoves_isNotFiniteOnTheSurrogateDerivative(String surrogateDerivative) {
    JavaFileObject src =
        spec(
            "NanS",
            "@Activation(formula = \"x > 0 ? 1 : 0\",",
            "    surrogateDerivative = \"" + surrogateDerivative + "\")");
    assertOnlyError(
        compile(src),
        src,
        "surrogateDerivative =",
        "[RectifyNotFinite] the surrogateDerivative as written gives NaN");
  }

  @Test
  void nanTheSimplifierRemoves_inAGatedFormula_isNotFinite() {
    JavaFileObject src = spec("GatedNan", "@Activation(", "    formula = \"a * b + (a - a)/b\")");
    assertOnlyError(compile(src), src, "formula =", "[RectifyNotFinite] the formula as written");
  }
}
