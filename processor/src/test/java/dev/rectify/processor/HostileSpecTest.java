package dev.rectify.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.rectify.processor.support.Sources.compile;
import static dev.rectify.processor.support.Sources.compileWithVectorKernels;
import static dev.rectify.processor.support.Sources.load;
import static dev.rectify.processor.support.Sources.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.rectify.kernel.KernelProvider;
import dev.rectify.math.Ulps;
import dev.rectify.nn.ForwardContext;
import dev.rectify.nn.GatedActivationLayer;
import dev.rectify.nn.Layer;
import dev.rectify.nn.UnaryActivationLayer;
import dev.rectify.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Specs a fuzzing review wrote to break the generated code: each must compile, with and without the
 * Vector API module, and compute its formula within the accuracy contract (forward within 4 float
 * ulps and backward within 8 of a double reference) on both kernel paths.
 */
class HostileSpecTest {
  private static final double FORWARD_ULPS = 4;
  private static final double BACKWARD_ULPS = 8;

  /** Away from every kink of the specs below, so that the reference is unambiguous. */
  private static final float[] XS = {-2.5f, -1.25f, -0.375f, 0.625f, 1.5f, 3f, -7f, 11f, 0.125f};

  /** A unary spec: the annotation's arguments and the double reference of y and dy/dx. */
  private record Unary(String annotation, DoubleUnaryOperator f, DoubleUnaryOperator df) {}

  /** A gated spec and the double references of y, dy/da and dy/db. */
  private record Gated(
      String annotation,
      DoubleBinaryOperator f,
      DoubleBinaryOperator da,
      DoubleBinaryOperator db) {}

  private static final double K = 0.75;
  private static final String PARAM_K = ", params = @Param(name = \"k\", value = 0.75)";

  /** Formulas with a part that is the same in every lane. */
  private static final List<Unary> UNIFORM_PARTS =
      List.of(
          new Unary("formula = \"x\"", x -> x, x -> 1),
          new Unary("formula = \"2*x\"", x -> 2 * x, x -> 2),
          new Unary("formula = \".5 * x\"", x -> .5 * x, x -> .5),
          new Unary("formula = \"-(-(-x))\"", x -> -x, x -> -1),
          new Unary("formula = \"1\"", x -> 1, x -> 0),
          new Unary("formula = \"pi\"", x -> Math.PI, x -> 0),
          new Unary("formula = \"0 * x\"", x -> 0, x -> 0),
          new Unary("formula = \"step(x)\"", x -> x > 0 ? 1 : 0, x -> 0),
          new Unary("formula = \"sign(x)\"", Math::signum, x -> 0),
          new Unary("formula = \"x > 0 ? 1 : 0\"", x -> x > 0 ? 1 : 0, x -> 0),
          new Unary("formula = \"k * x\", derivative = \"k\"" + PARAM_K, x -> K * x, x -> K),
          new Unary(
              "formula = \"x\", surrogateDerivative = \"exp(k)\"" + PARAM_K,
              x -> x,
              x -> Math.exp(K)),
          new Unary("formula = \"x * exp(k)\"" + PARAM_K, x -> x * Math.exp(K), x -> Math.exp(K)),
          new Unary(
              "formula = \"x > 0 ? x : exp(k)\"" + PARAM_K,
              x -> x > 0 ? x : Math.exp(K),
              x -> x > 0 ? 1 : 0),
          new Unary(
              "formula = \"x > 0 ? x * sqrt(k) : x * exp(k)\"" + PARAM_K,
              x -> x > 0 ? x * Math.sqrt(K) : x * Math.exp(K),
              x -> x > 0 ? Math.sqrt(K) : Math.exp(K)),
          new Unary(
              "formula = \"k > 0 && x > 0 ? x : 0.5 * x\"" + PARAM_K,
              x -> x > 0 ? x : 0.5 * x,
              x -> x > 0 ? 1 : 0.5),
          new Unary(
              "formula = \"log(1 + abs(x)) * exp(k)\"" + PARAM_K,
              x -> Math.log1p(Math.abs(x)) * Math.exp(K),
              x -> Math.signum(x) / (1 + Math.abs(x)) * Math.exp(K)),
          new Unary(
              "formula = \"tanh(x) + exp(k)\"" + PARAM_K,
              x -> Math.tanh(x) + Math.exp(K),
              x -> 1 - Math.tanh(x) * Math.tanh(x)));

  private static final List<Gated> GATED_UNIFORM_PARTS =
      List.of(
          new Gated("formula = \"a + b\"", (a, b) -> a + b, (a, b) -> 1, (a, b) -> 1),
          new Gated("formula = \"2 * a\"", (a, b) -> 2 * a, (a, b) -> 2, (a, b) -> 0),
          new Gated(
              "formula = \"where(a > 0, b, 0)\"",
              (a, b) -> a > 0 ? b : 0,
              (a, b) -> 0,
              (a, b) -> a > 0 ? 1 : 0),
          new Gated(
              "formula = \"a * exp(k) + b\"" + PARAM_K,
              (a, b) -> a * Math.exp(K) + b,
              (a, b) -> Math.exp(K),
              (a, b) -> 1));

  @Test
  void uniformParts_compileAndComputeTheFormula_onEveryKernelPath() throws Exception {
    List<String> failures = new ArrayList<>();
    for (int s = 0; s < UNIFORM_PARTS.size(); s++) {
      Unary u = UNIFORM_PARTS.get(s);
      String name = "Uniform" + s;
      for (boolean vector : new boolean[] {false, true}) {
        Compilation c = compileSpec(name, u.annotation(), vector, failures);
        if (c == null) {
          continue;
        }
        UnaryActivationLayer layer = (UnaryActivationLayer) load(c, "test." + name + "Layer");
        checkUnary(u, layer, (vector ? "vector build" : "scalar build"), failures);
        if (layer.vectorized()) {
          checkUnary(
              u,
              ((UnaryActivationLayer) layer.newLayer()).scalarKernels(),
              "scalarKernels()",
              failures);
        }
      }
    }
    for (int s = 0; s < GATED_UNIFORM_PARTS.size(); s++) {
      Gated g = GATED_UNIFORM_PARTS.get(s);
      String name = "GatedUniform" + s;
      for (boolean vector : new boolean[] {false, true}) {
        Compilation c = compileSpec(name, g.annotation(), vector, failures);
        if (c == null) {
          continue;
        }
        GatedActivationLayer layer = (GatedActivationLayer) load(c, "test." + name + "Layer");
        checkGated(g, layer, (vector ? "vector build" : "scalar build"), failures);
        if (layer.vectorized()) {
          checkGated(
              g,
              ((GatedActivationLayer) layer.newLayer()).scalarKernels(),
              "scalarKernels()",
              failures);
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** Large and tiny inputs, where float intermediates overflow or underflow. */
  private static final float[] EXTREMES = {
    0f, 1e-42f, -3e-40f, 1e-30f, -0.5f, 2f, 1e20f, -1e20f, 3e38f, -3e38f
  };

  /** Formulas whose float code computed inf, 0 or NaN where the formula is finite. */
  private static final List<Unary> FLOAT_HAZARDS =
      List.of(
          // ISRU: x^2 overflows float from 1.8e19, where the formula is +-1
          new Unary(
              "formula = \"x / sqrt(1 + x^2)\"",
              x -> x / Math.sqrt(1 + x * x),
              x -> Math.pow(1 + x * x, -1.5)),
          // 1e-60 is 0 in float: NaN at 0
          new Unary(
              "formula = \"x / sqrt(x*x + 1e-60)\"",
              x -> x / Math.sqrt(x * x + 1e-60),
              x -> 1e-60 * Math.pow(x * x + 1e-60, -1.5)),
          new Unary("formula = \"1e39 * x\"", x -> 1e39 * x, x -> 1e39),
          new Unary(
              "formula = \"x * k\", params = @Param(name = \"k\", value = 1e39)",
              x -> x * 1e39,
              x -> 1e39),
          new Unary(
              "formula = \"max(x, 0)\", negativeSlope = \"1e39\"",
              x -> x > 0 ? x : 1e39 * x,
              x -> x > 0 ? 1 : 1e39),
          new Unary("formula = \"x / 1e-50\"", x -> x / 1e-50, x -> 1e50),
          new Unary(
              "formula = \"tanh(x) * 1e39\"",
              x -> Math.tanh(x) * 1e39,
              x -> (1 - Math.tanh(x) * Math.tanh(x)) * 1e39));

  @Test
  void floatHazards_computeTheFormula_onEveryKernelPath() throws Exception {
    List<String> failures = new ArrayList<>();
    for (int s = 0; s < FLOAT_HAZARDS.size(); s++) {
      Unary u = FLOAT_HAZARDS.get(s);
      String name = "Hazard" + s;
      for (boolean vector : new boolean[] {false, true}) {
        Compilation c = compileSpec(name, u.annotation(), vector, failures);
        if (c == null) {
          continue;
        }
        UnaryActivationLayer layer = (UnaryActivationLayer) load(c, "test." + name + "Layer");
        String path = vector ? "vector build" : "scalar build";
        checkUnary(u, EXTREMES, layer, path, failures);
        if (layer.vectorized()) {
          checkUnary(
              u,
              EXTREMES,
              ((UnaryActivationLayer) layer.newLayer()).scalarKernels(),
              "scalarKernels()",
              failures);
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /** Names the generated classes use for locals, fields and types, one per kind of clash. */
  private static final List<String> GENERATED_NAMES =
      List.of(
          "t0",
          "t1",
          "t2",
          "INPUT_LIMIT",
          "factor",
          "factorOff",
          "s",
          "m",
          "bound",
          "i",
          "n",
          "w",
          "block",
          "len",
          "start",
          "NAME",
          "INFO",
          "Math",
          "Branchless",
          "BranchFreeMath",
          "List",
          "ActivationInfo",
          "BackwardStorage",
          "Parameter",
          "Tensor",
          "VectorOperators",
          "VectorConstants",
          "VectorMath",
          "KernelProvider",
          "MethodHandles",
          "Float",
          "Double",
          "String",
          "FloatVector",
          "DoubleVector",
          "VectorMask",
          "Override",
          "Generated");

  @Test
  void parameterNamedLikeGeneratedCode_compilesAndComputes() throws Exception {
    List<String> failures = new ArrayList<>();
    for (int s = 0; s < GENERATED_NAMES.size(); s++) {
      String p = GENERATED_NAMES.get(s);
      // tanh(x) is read twice: a common-subexpression local t0
      Unary u =
          new Unary(
              "formula = \""
                  + p
                  + " * tanh(x) + tanh(x) * x\", params = @Param(name = \""
                  + p
                  + "\", value = 0.75)",
              x -> K * Math.tanh(x) + Math.tanh(x) * x,
              x -> (K + x) * (1 - Math.tanh(x) * Math.tanh(x)) + Math.tanh(x));
      checkAllPaths(u, "Named" + s, failures);
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void parameterNamedLikeADerivedName_compilesAndComputes() throws Exception {
    List<String> failures = new ArrayList<>();
    String[] derived = {"kInit", "kValues", "kAcc", "kGrad"};
    for (int s = 0; s < derived.length; s++) {
      for (boolean perChannel : new boolean[] {false, true}) {
        Unary u =
            new Unary(
                "formula = \"k * x + "
                    + derived[s]
                    + "\", params = {@Param(name = \"k\", value = 0.75, learnable = true,"
                    + " perChannel = "
                    + perChannel
                    + "), @Param(name = \""
                    + derived[s]
                    + "\", value = 0.25)}",
                x -> K * x + 0.25,
                x -> K);
        checkAllPaths(u, "Derived" + s + perChannel, failures);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * Parameters named like the tags the derived names were allocated under ({@code "Lo" + k}, {@code
   * "Floor" + x}) made JavaPoet's NameAllocator throw, a processor crash; the tags now have a
   * colon, which no name has.
   */
  @Test
  void parameterNamedLikeANameTag_compilesAndComputes() throws Exception {
    List<String> failures = new ArrayList<>();
    Unary u =
        new Unary(
            "formula = \"k * x + Lok + Floorx\", params = {@Param(name = \"k\", value = 0.75),"
                + " @Param(name = \"Lok\", value = 0.25), @Param(name = \"Floorx\", value = 2)}",
            x -> K * x + 2.25,
            x -> K);
    checkAllPaths(u, "Tagged", failures);
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * A clamp whose side depends on a parameter's sign declares its bounds as locals named after the
   * input ({@code xFloor}, {@code xCeiling}); parameters of those names keep theirs, and the
   * infinities still reach their limits: the default beta is negative, so x sigmoid(beta x) is inf
   * * 0 at x = +inf.
   */
  @Test
  void parameterNamedLikeAClampBound_compilesAndComputes() throws Exception {
    List<String> failures = new ArrayList<>();
    float inf = Float.POSITIVE_INFINITY;
    Unary u =
        new Unary(
            "formula = \"x * sigmoid(xCeiling * x) + xFloor\", params = {@Param(name ="
                + " \"xCeiling\", value = -1.5), @Param(name = \"xFloor\", value = 0.25)}",
            x -> (x == inf ? 0 : x == -inf ? x : x / (1 + Math.exp(1.5 * x))) + 0.25,
            x -> {
              if (Double.isInfinite(x)) {
                return x < 0 ? 1 : 0;
              }
              double s = 1 / (1 + Math.exp(1.5 * x));
              return s - 1.5 * x * s * (1 - s);
            });
    for (boolean vector : new boolean[] {false, true}) {
      Compilation c = compileSpec("Bounded", u.annotation(), vector, failures);
      if (c == null) {
        continue;
      }
      assertTrue(generatedSource(c, "test.BoundedLayer").contains("xCeiling_ = this.xCeiling < 0"));
      UnaryActivationLayer layer = (UnaryActivationLayer) load(c, "test.BoundedLayer");
      float[] xs = {-inf, -2.5f, 0.625f, 3f, 80f, inf};
      checkUnary(u, xs, layer, vector ? "vector build" : "scalar build", failures);
      checkEval(u, xs, layer, vector ? "vector build" : "scalar build", failures);
      if (layer.vectorized()) {
        UnaryActivationLayer scalar = ((UnaryActivationLayer) layer.newLayer()).scalarKernels();
        checkUnary(u, xs, scalar, "scalarKernels()", failures);
        checkEval(u, xs, scalar, "scalarKernels()", failures);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * A gated form's clamp follows a parameter's sign too: a sigmoid(beta a) b with beta < 0 is inf *
   * 0 at a = +inf, where its limit is 0 (and the derivatives' 0 and 0), and -inf at a = -inf.
   */
  @Test
  void gatedForm_clampsTheSideItsParameterSignPicks() throws Exception {
    List<String> failures = new ArrayList<>();
    float inf = Float.POSITIVE_INFINITY;
    DoubleUnaryOperator s = a -> 1 / (1 + Math.exp(2 * a)); // sigmoid(-2 a)
    DoubleUnaryOperator f = a -> a == inf ? 0 : a == -inf ? a : a * s.applyAsDouble(a);
    DoubleUnaryOperator df =
        a -> {
          if (Double.isInfinite(a)) {
            return a < 0 ? 1 : 0;
          }
          double v = s.applyAsDouble(a);
          return v - 2 * a * v * (1 - v);
        };
    Gated g =
        new Gated(
            "formula = \"a * sigmoid(beta * a) * b\", params = @Param(name = \"beta\", value = -2)",
            (a, b) -> f.applyAsDouble(a) * b,
            (a, b) -> df.applyAsDouble(a) * b,
            (a, b) -> f.applyAsDouble(a));
    float[] as = {-inf, -inf, -2.5f, 0.625f, 3f, inf, inf};
    float[] bs = {2f, 0.5f, 2f, -3f, 0.5f, 2f, -0.5f};
    for (boolean vector : new boolean[] {false, true}) {
      Compilation c = compileSpec("GatedSigned", g.annotation(), vector, failures);
      if (c == null) {
        continue;
      }
      GatedActivationLayer layer = (GatedActivationLayer) load(c, "test.GatedSignedLayer");
      checkGated(g, as, bs, layer, vector ? "vector build" : "scalar build", failures);
      if (layer.vectorized()) {
        checkGated(
            g,
            as,
            bs,
            ((GatedActivationLayer) layer.newLayer()).scalarKernels(),
            "scalarKernels()",
            failures);
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * A spec's second vector kernels ({@code <Base>VectorKernelsExact}, for power-of-two parameter
   * values) take no name that another spec's classes could: not even {@code SwishExact}'s beside
   * {@code Swish}.
   */
  @Test
  void specsNamedLikeEachOthersKernels_compileTogether() {
    Compilation c =
        compileWithVectorKernels(
            spec(
                "Swish",
                "@Activation(name = \"swish\", formula = \"x * sigmoid(beta * x)\",",
                "    params = @Param(name = \"beta\", value = 1))"),
            spec(
                "SwishExact", "@Activation(name = \"swish-exact\", formula = \"x * sigmoid(x)\")"));
    assertThat(c).succeeded();
    for (String generated :
        List.of(
            "test.SwishVectorKernels",
            "test.SwishVectorKernelsExact",
            "test.SwishExactVectorKernels")) {
      assertTrue(c.generatedSourceFile(generated).isPresent(), generated);
    }
  }

  @Test
  void typeOfTheSpecsPackageNamedLikeAJavaLangType_isNotUsedByGeneratedCode() throws Exception {
    List<String> failures = new ArrayList<>();
    Unary smooth =
        new Unary(
            "formula = \"abs(x) * tanh(x)\"",
            x -> Math.abs(x) * Math.tanh(x),
            x -> Math.signum(x) * Math.tanh(x) + Math.abs(x) * (1 - Math.tanh(x) * Math.tanh(x)));
    // a surrogate's bfloat16 factor: its vector kernels compute it in blocks (Math.min)
    Unary sugar =
        new Unary(
            "formula = \"max(x, 0)\", surrogateDerivative = \"sigmoid(x)\"",
            x -> Math.max(x, 0),
            x -> 1 / (1 + Math.exp(-x)));
    for (Unary u : List.of(smooth, sugar)) {
      for (String shadow : new String[] {"Math", "Float", "String", "VectorMath"}) {
        JavaFileObject user =
            JavaFileObjects.forSourceLines(
                "test." + shadow, "package test;", "class " + shadow + " {}");
        for (boolean vector : new boolean[] {false, true}) {
          Compilation c = compileSpec("Shadowed", u.annotation(), vector, failures, user);
          if (c == null) {
            continue;
          }
          if (vector && u == sugar) {
            String kernels = generatedSource(c, "test.ShadowedVectorKernels");
            assertTrue(kernels.contains(".min(block.length, n - start)"), kernels);
          }
          UnaryActivationLayer layer = (UnaryActivationLayer) load(c, "test.ShadowedLayer");
          checkUnary(u, layer, shadow + (vector ? " vector build" : " scalar build"), failures);
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * A product with a number inside sigmoid, QuickGELU's {@code x * sigmoid(1.702 * x)}: float lanes
   * hold 1.702 x in two floats, the low part with what rounding 1.702 to float took off
   * (Lowering.compensatedFactor). Without it exp(-|1.702 x|) misses the forward's 4 ulps from |x| =
   * 8 on; the sweep goes to 45 (beyond, y is subnormal) and leaves out the derivative's root (x =
   * -0.7512), where the accuracy contract takes an absolute bound.
   */
  @Test
  void productWithANumberInSigmoid_keepsTheBoundsInFloatLanes() throws Exception {
    double k = 1.702;
    Unary u =
        new Unary(
            "formula = \"x * sigmoid(1.702 * x)\"",
            x -> x / (1 + Math.exp(-k * x)),
            x -> {
              double s = 1 / (1 + Math.exp(-k * x));
              return s + k * x * s * (1 - s);
            });
    List<Float> sweep = new ArrayList<>();
    for (double x = -45; x <= 45; x += 0.0371) {
      if (Math.abs(x + 1.2784645427610738 / k) > 1.0 / 16) {
        sweep.add((float) x);
      }
    }
    float[] xs = new float[sweep.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = sweep.get(i);
    }
    List<String> failures = new ArrayList<>();
    for (boolean vector : new boolean[] {false, true}) {
      Compilation c = compileSpec("QuickGelu", u.annotation(), vector, failures);
      if (c == null) {
        continue;
      }
      if (vector) {
        String kernels = generatedSource(c, "test.QuickGeluVectorKernels");
        assertFalse(kernels.contains("DoubleVector"), kernels);
      }
      UnaryActivationLayer layer = (UnaryActivationLayer) load(c, "test.QuickGeluLayer");
      checkUnary(u, xs, layer, vector ? "vector build" : "scalar build", failures);
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void typeNamedDouble_isNotUsedForAnInfiniteDoubleConstant() throws Exception {
    // min's derivative has the bound's 1e200 * 1e200 * signum(x), which the simplifier folds to
    // an infinite constant, lowered in double because 1e200 is beyond the float range
    Unary u = new Unary("formula = \"min(x, 1e200 * (1e200 * abs(x) + 1))\"", x -> x, x -> 1);
    JavaFileObject user =
        JavaFileObjects.forSourceLines("test.Double", "package test;", "class Double {}");
    List<String> failures = new ArrayList<>();
    for (boolean vector : new boolean[] {false, true}) {
      Compilation c = compileSpec("Shadowed", u.annotation(), vector, failures, user);
      if (c == null) {
        continue;
      }
      String layerSource =
          c.generatedSourceFile("test.ShadowedLayer").orElseThrow().getCharContent(true).toString();
      assertTrue(layerSource.contains("java.lang.Double.POSITIVE_INFINITY"), layerSource);
      UnaryActivationLayer layer = (UnaryActivationLayer) load(c, "test.ShadowedLayer");
      checkUnary(u, layer, vector ? "vector build" : "scalar build", failures);
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void nonFiniteParameterValue_isRefusedByTheLayersConstructor() throws Exception {
    Compilation c =
        compile(
            spec("Scaled", "@Activation(name = \"scaled\", formula = \"k * x\"" + PARAM_K + ")"));
    assertThat(c).succeeded();
    Class<?> layer = load(c, "test.ScaledLayer").getClass();
    // the default 0.75 is a float, so the kernels compute k * x in float: 1e39 would be inf
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 1e39, -1e-50}) {
      InvocationTargetException e =
          assertThrows(
              InvocationTargetException.class,
              () -> layer.getConstructor(double.class).newInstance(bad));
      assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
      assertTrue(
          e.getCause().getMessage().startsWith("scaled: parameter k must be finite and a float")
              && e.getCause().getMessage().endsWith("got " + bad),
          e.getCause().getMessage());
    }
    for (double good : new double[] {-3e38, 1e-44, 0, -0.0}) {
      layer.getConstructor(double.class).newInstance(good);
    }
    // a default beyond float makes every kernel compute in double: any finite value will do
    Compilation wide =
        compile(
            spec(
                "Wide",
                "@Activation(name = \"wide\", formula = \"k * x\", params = @Param(name = \"k\", value = 1e39))"));
    assertThat(wide).succeeded();
    Class<?> wideLayer = load(wide, "test.WideLayer").getClass();
    wideLayer.getConstructor(double.class).newInstance(1e300);
    InvocationTargetException e =
        assertThrows(
            InvocationTargetException.class,
            () -> wideLayer.getConstructor(double.class).newInstance(Double.NaN));
    assertEquals("wide: parameter k must be finite, got NaN", e.getCause().getMessage());
  }

  /** Compiles {@code u} with and without the Vector API and checks every kernel path. */
  private static void checkAllPaths(Unary u, String name, List<String> failures) throws Exception {
    for (boolean vector : new boolean[] {false, true}) {
      Compilation c = compileSpec(name, u.annotation(), vector, failures);
      if (c == null) {
        continue;
      }
      UnaryActivationLayer layer = (UnaryActivationLayer) load(c, "test." + name + "Layer");
      checkUnary(u, layer, vector ? "vector build" : "scalar build", failures);
      if (layer.vectorized()) {
        checkUnary(
            u,
            ((UnaryActivationLayer) layer.newLayer()).scalarKernels(),
            "scalarKernels()",
            failures);
      }
    }
  }

  /**
   * Compiles the spec as test.{@code name}, beside {@code others} (types of the spec's package),
   * with the vector kernels or without; null where the Vector API is off and they are asked for,
   * and null, with the reason recorded, where it does not compile.
   */
  private static Compilation compileSpec(
      String name,
      String annotation,
      boolean vector,
      List<String> failures,
      JavaFileObject... others) {
    if (vector && !KernelProvider.vectorEnabled()) {
      return null;
    }
    JavaFileObject[] sources = new JavaFileObject[others.length + 1];
    sources[0] = spec(name, "@Activation(" + annotation + ")");
    System.arraycopy(others, 0, sources, 1, others.length);
    Compilation c = vector ? compileWithVectorKernels(sources) : compile(sources);
    if (c.status() != Compilation.Status.SUCCESS) {
      StringBuilder beside = new StringBuilder();
      for (JavaFileObject o : others) {
        beside.append(" beside ").append(o.getName());
      }
      failures.add(
          annotation
              + beside
              + (vector ? " (with jdk.incubator.vector)" : "")
              + " does not compile: "
              + c.errors());
      return null;
    }
    return c;
  }

  private static String generatedSource(Compilation c, String className) throws Exception {
    return c.generatedSourceFile(className).orElseThrow().getCharContent(true).toString();
  }

  /** The evaluation-mode methods, one element and arrays, against the references. */
  private static void checkEval(
      Unary u, float[] xs, UnaryActivationLayer layer, String path, List<String> failures) {
    float[] y = new float[xs.length];
    float[] g = new float[xs.length];
    layer.apply(xs, 0, y, 0, xs.length);
    layer.gradient(xs, 0, g, 0, xs.length);
    String at = u.annotation() + " " + path;
    for (int i = 0; i < xs.length; i++) {
      double x = xs[i];
      double f = u.f().applyAsDouble(x);
      double df = u.df().applyAsDouble(x);
      within(at + " apply(float)", x, layer.apply(xs[i]), f, FORWARD_ULPS, failures);
      within(at + " apply(float[])", x, y[i], f, FORWARD_ULPS, failures);
      within(at + " gradient(float)", x, layer.gradient(xs[i]), df, BACKWARD_ULPS, failures);
      within(at + " gradient(float[])", x, g[i], df, BACKWARD_ULPS, failures);
    }
  }

  private static void checkUnary(
      Unary u, UnaryActivationLayer layer, String path, List<String> failures) {
    checkUnary(u, XS, layer, path, failures);
  }

  private static void checkUnary(
      Unary u, float[] xs, UnaryActivationLayer layer, String path, List<String> failures) {
    int n = xs.length;
    Layer fresh = layer;
    fresh.build(new int[] {n});
    float[] y = fresh.forward(Tensor.wrap(xs.clone(), 1, n), ForwardContext.training(1)).data();
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    float[] dz = fresh.backward(Tensor.wrap(ones, 1, n)).data();
    for (int i = 0; i < n; i++) {
      double x = xs[i];
      within(
          u.annotation() + " " + path + " y",
          x,
          y[i],
          u.f().applyAsDouble(x),
          FORWARD_ULPS,
          failures);
      double df = u.df().applyAsDouble(x);
      if (u.annotation().contains("surrogateDerivative")) {
        // a surrogate's factor is kept in bfloat16 by design: 8 significant bits
        if (!(Math.abs(dz[i] - df) <= 0x1p-8 * Math.abs(df))) {
          failures.add(u.annotation() + " " + path + " dy/dx at x = " + x + ": " + dz[i]);
        }
        continue;
      }
      within(u.annotation() + " " + path + " dy/dx", x, dz[i], df, BACKWARD_ULPS, failures);
    }
  }

  private static void checkGated(
      Gated g, GatedActivationLayer layer, String path, List<String> failures) {
    float[] partners = new float[XS.length];
    for (int i = 0; i < XS.length; i++) {
      partners[i] = XS[(i + 3) % XS.length];
    }
    checkGated(g, XS, partners, layer, path, failures);
  }

  /** The layer at {@code a = as[i]}, {@code b = bs[i]}, against the references. */
  private static void checkGated(
      Gated g,
      float[] as,
      float[] bs,
      GatedActivationLayer layer,
      String path,
      List<String> failures) {
    int n = as.length;
    float[] in = new float[2 * n];
    for (int i = 0; i < n; i++) {
      in[i] = as[i];
      in[n + i] = bs[i];
    }
    layer.build(new int[] {2 * n});
    float[] y = layer.forward(Tensor.wrap(in.clone(), 1, 2 * n), ForwardContext.training(1)).data();
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    float[] d = layer.backward(Tensor.wrap(ones, 1, n)).data();
    for (int i = 0; i < n; i++) {
      double a = in[i];
      double b = in[n + i];
      String at = g.annotation() + " " + path + " at b = " + b + ": ";
      within(at + "y", a, y[i], g.f().applyAsDouble(a, b), FORWARD_ULPS, failures);
      within(at + "dy/da", a, d[i], g.da().applyAsDouble(a, b), BACKWARD_ULPS, failures);
      within(at + "dy/db", a, d[n + i], g.db().applyAsDouble(a, b), BACKWARD_ULPS, failures);
    }
  }

  private static void within(
      String what, double x, float actual, double expected, double ulps, List<String> failures) {
    double err = Ulps.ulpError(actual, expected);
    if (!(err <= ulps)) {
      failures.add(
          String.format(
              Locale.ROOT,
              "%s at x = %s: %s, expected %s (%.1f ulps)",
              what,
              x,
              actual,
              expected,
              err));
    }
  }
}
