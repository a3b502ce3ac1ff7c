package dev.rectify.samples.custom;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.rectify.processor.ActivationProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * How a user tests a spec at compile time: compile it with a fresh Rectify processor and assert on
 * the outcome. A correct spec generates its layer without warnings; a mistake is an error on the
 * annotation's line, with the processor's stable code.
 */
class SquareplusCompileTest {

  private static Compilation compile(JavaFileObject source) {
    return Compiler.javac().withProcessors(new ActivationProcessor()).compile(source);
  }

  private static JavaFileObject spec(String formula, String derivative) {
    return JavaFileObjects.forSourceLines(
        "demo.Squareplus",
        "package demo;",
        "",
        "import dev.rectify.spec.Activation;",
        "import dev.rectify.spec.Param;",
        "",
        "@Activation(",
        "    name = \"squareplus\",",
        "    formula = \"" + formula + "\",",
        derivative == null ? "" : "    derivative = \"" + derivative + "\",",
        "    params = @Param(name = \"beta\", value = 4))",
        "interface Squareplus {}");
  }

  @Test
  void correctSpec_generatesItsLayer() {
    Compilation c = compile(spec("(x + sqrt(x^2 + beta)) / 2", null));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("demo.SquareplusLayer");
  }

  @Test
  void correctDeclaredDerivative_isAccepted() {
    Compilation c = compile(spec("(x + sqrt(x^2 + beta)) / 2", "(1 + x / sqrt(x^2 + beta)) / 2"));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void misspelledFunction_failsOnTheFormulaLine() {
    JavaFileObject source = spec("(x + sqrtt(x^2 + beta)) / 2", null);
    Compilation c = compile(source);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifyUnknownFunction]")
        .inFile(source)
        .onLineContaining("formula =");
    assertThat(c).hadErrorContaining("did you mean 'sqrt'");
  }

  @Test
  void wrongDeclaredDerivative_failsOnTheDerivativeLine() {
    // the square root's chain-rule factor x is missing
    JavaFileObject source = spec("(x + sqrt(x^2 + beta)) / 2", "(1 + 1 / sqrt(x^2 + beta)) / 2");
    Compilation c = compile(source);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining("[RectifyWrongDerivative]")
        .inFile(source)
        .onLineContaining("derivative =");
  }
}
