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
}
