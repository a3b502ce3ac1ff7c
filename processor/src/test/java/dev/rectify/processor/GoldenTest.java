package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.rectify.processor.support.Goldens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The generated source, exactly, for representative activations: a piecewise-linear one with a mask
 * (ReLU), one with a parameter in the mask (Leaky ReLU), a transcendental one with a stable rewrite
 * (GELU), one spelled out over a single exponential (Mish) and a SUGAR surrogate (B-SiLU). Exact
 * text, because the javadoc and formatting are part of what the processor promises; plus AST
 * equivalence, which is insensitive to both. Rewrite with {@code
 * RECTIFY_GOLDEN_ROOT=$PWD/processor/src/test/resources}.
 */
class GoldenTest {

  private static void check(TestInfo test, JavaFileObject src, String layer) {
    Compilation c = compile(src);
    assertThat(c).succeededWithoutWarnings();
    String actual;
    try {
      actual = c.generatedSourceFile(layer).orElseThrow().getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Goldens.assertMatches(test, layer, actual);
    assertWithinColumnLimit(layer, actual);
    String golden = Goldens.read(goldenPath(test, layer));
    if (golden != null) {
      assertThat(c)
          .generatedSourceFile(layer)
          .hasSourceEquivalentTo(JavaFileObjects.forSourceString(layer, golden));
    }
  }

  /**
   * Google Java Style's 100 columns, which generated code keeps too (STYLE.md rule 15): JavaPoet
   * wraps code at its {@code $W} and {@code $Z}, {@code Javadocs.wrap} the javadoc.
   */
  private static void assertWithinColumnLimit(String name, String source) {
    List<String> longLines =
        source.lines().filter(l -> l.length() > 100).collect(Collectors.toList());
    assertTrue(
        longLines.isEmpty(),
        name + " has lines over 100 columns:\n" + String.join("\n", longLines));
  }

  private static String goldenPath(TestInfo test, String fqcn) {
    return "golden/"
        + test.getTestClass().orElseThrow().getSimpleName()
        + "/"
        + test.getTestMethod().orElseThrow().getName()
        + "/"
        + fqcn
        + ".java";
  }

  @Test
  void siluVectorKernels(TestInfo test) {
    vectorKernels(test, "SiLU", "@Activation(name = \"silu\", formula = \"x * sigmoid(x)\")");
  }

  /**
   * A parameter in a product under exp: the kernels for every beta hold beta * x in two floats, the
   * second class, for powers of two, in one (Lowering.parameterProductsExact).
   */
  @Test
  void swishVectorKernelsExact(TestInfo test) {
    String annotation =
        "@Activation(name = \"swish\", formula = \"x * sigmoid(beta * x)\","
            + " params = @Param(name = \"beta\", value = 1))";
    vectorKernels(test, "Swish", annotation, "VectorKernelsExact");
    vectorKernels(test, "Swish", annotation, "VectorKernels");
  }

  @Test
  void geluVectorKernels(TestInfo test) {
    String kernels =
        vectorKernels(
            test,
            "GELU",
            "@Activation(name = \"gelu\", formula = \"0.5 * x * (1 + erf(x / sqrt(2)))\")");
    // x ndtr(x) and its derivative ndtr(x) + x npdf(x): one exponential each, shared by ndtr and
    // npdf in the backward, where erfc and exp(-x^2 / 2) used to take two; and the training
    // forward, which keeps the factor, takes one for both
    assertEquals(1, exps(method(kernels, "forwardLanes")), kernels);
    assertEquals(1, exps(method(kernels, "factorLanes")), kernels);
    assertEquals(1, exps(mainLoop(method(kernels, "forwardFactor"))), kernels);
  }

  private static int exps(String code) {
    return code.split("lanewise\\(VectorOperators.EXP\\)", -1).length - 1;
  }

  /** The text of the generated method {@code name}, up to the next method. */
  private static String method(String source, String name) {
    int start = source.indexOf(" " + name + "(");
    int end = source.indexOf("\n  @Override", start);
    int nextPrivate = source.indexOf("\n  private ", start);
    if (end < 0 || nextPrivate >= 0 && nextPrivate < end) {
      end = nextPrivate;
    }
    return end < 0 ? source.substring(start) : source.substring(start, end);
  }

  /** The body of a kernel's main loop: the part before its masked tail. */
  private static String mainLoop(String method) {
    return method.substring(0, method.indexOf("if (i < n)"));
  }

  @Test
  void mishVectorKernels(TestInfo test) {
    String kernels =
        vectorKernels(
            test, "Mish", "@Activation(name = \"mish\", formula = \"x * tanh(softplus(x))\")");
    // tanh(softplus(x)), and in the derivative also sigmoid(+-2 softplus(x)) and sigmoid(x), over
    // one exp(-|x|) each, and one for both in the training forward: no log1p, no tanh of its own
    assertEquals(1, exps(method(kernels, "forwardLanes")), kernels);
    assertEquals(1, exps(method(kernels, "factorLanes")), kernels);
    assertEquals(1, exps(mainLoop(method(kernels, "forwardFactor"))), kernels);
    assertEquals(-1, kernels.indexOf("LOG1P"), kernels);
    assertEquals(-1, kernels.indexOf("VectorMath.tanh"), kernels);
  }

  @Test
  void sugarBSiLUVectorKernels(TestInfo test) {
    String kernels =
        vectorKernels(
            test,
            "SugarBSiLU",
            "@Activation(name = \"sugar-bsilu\", formula = \"max(x, 0)\", surrogate = \"(x +"
                + " alpha) * sigmoid(x) - alpha / 2\", params = @Param(name = \"alpha\", value ="
                + " 1.67))");
    // y before the factor in the one-pass loop: C2 inlines in call order up to a node budget, and
    // the factor's exp used to leave none for forwardLanes (see VectorKernelWriter)
    int loop = kernels.indexOf("private void factorBlock");
    assertTrue(
        kernels.indexOf("forwardLanes(xv)", loop) < kernels.indexOf("factorLanes(xv)", loop),
        kernels);
  }

  /**
   * The Vector API kernel class the processor writes when jdk.incubator.vector is visible to javac,
   * checked against its golden file. (javac then warns that an incubating module is in use, so the
   * compilation is checked for success only.)
   */
  private static String vectorKernels(TestInfo test, String layer, String annotation) {
    return vectorKernels(test, layer, annotation, "VectorKernels");
  }

  /** As above, for the kernel class {@code <layer><suffix>}. */
  private static String vectorKernels(
      TestInfo test, String layer, String annotation, String suffix) {
    Compilation c =
        com.google.testing.compile.Compiler.javac()
            .withOptions("--release", "17", "--add-modules", "jdk.incubator.vector")
            .withProcessors(new ActivationProcessor())
            .compile(spec(layer, annotation));
    assertThat(c).succeeded();
    String name = "test." + layer + suffix;
    String actual;
    try {
      actual = c.generatedSourceFile(name).orElseThrow().getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Goldens.assertMatches(test, name, actual);
    assertWithinColumnLimit(name, actual);
    return actual;
  }

  @Test
  void relu(TestInfo test) {
    check(
        test,
        spec("ReLU", "@Activation(name = \"relu\", formula = \"max(x, 0)\")"),
        "test.ReLULayer");
  }

  @Test
  void leakyRelu(TestInfo test) {
    check(
        test,
        spec(
            "LeakyReLU",
            "@Activation(name = \"leaky-relu\", formula = \"max(x, 0)\", negativeSlope = \"slope\",",
            "    params = @Param(name = \"slope\", value = 0.01))"),
        "test.LeakyReLULayer");
  }

  /** A random slope: its backward selects the draw, made for every element (Branchless.select). */
  @Test
  void rrelu(TestInfo test) {
    check(
        test,
        spec(
            "RReLU",
            "@Activation(name = \"rrelu\", formula = \"max(x, 0)\",",
            "    negativeSlope = \"uniform(1/8, 1/3)\")"),
        "test.RReLULayer");
  }

  @Test
  void gelu(TestInfo test) {
    check(
        test,
        spec(
            "GELU", "@Activation(name = \"gelu\", formula = \"0.5 * x * (1 + erf(x / sqrt(2)))\")"),
        "test.GELULayer");
  }

  @Test
  void sugarBSiLU(TestInfo test) {
    check(
        test,
        spec(
            "SugarBSiLU",
            "@Activation(name = \"sugar-bsilu\", formula = \"max(x, 0)\",",
            "    surrogate = \"(x + alpha) * sigmoid(x) - alpha / 2\",",
            "    params = @Param(name = \"alpha\", value = 1.67))"),
        "test.SugarBSiLULayer");
  }
}
