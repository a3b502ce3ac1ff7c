package dev.rectify.processor.codegen;

import static java.util.stream.Collectors.joining;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.processor.compile.CompiledActivation;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.symbolic.Exprs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Type>VectorKernels}: the Vector API kernels of one activation, a package-private
 * class the layer loads by name through {@code KernelProvider} only when {@code
 * jdk.incubator.vector} is enabled. Each formula becomes a private lanes method (a pure function of
 * vectors, lowered by {@link Lowering#vector}); the array methods are loops over full vectors plus
 * one masked vector for the tail, so the tail computes exactly what the body does.
 *
 * <p>A kernel computes in the precision of the scalar loop it replaces: float lanes for plain
 * arithmetic, double lanes (widened on load, rounded once on store) where there is a transcendental
 * function, so the vector kernels inherit the scalar kernels' accuracy.
 */
final class VectorKernelWriter {
  private final LayerWriter w;
  private final CompiledActivation c;
  private final ClassName name;

  /**
   * The {@code VectorConstants} species of this class's float lanes: {@code WIDE_FLOATS} (the CPU's
   * widest) when some formula computes a transcendental function in float lanes, whose float form
   * is a polynomial of plain arithmetic; {@code FLOATS} (at most 256 bits) for compares, blends and
   * masks alone (and for the loads of a class whose transcendental work is in double lanes), which
   * JDK 17 compiles worse on 512-bit vectors (see {@code VectorConstants}). Mask kernels always
   * take FLOATS and bfloat16-factor kernels WIDE_FLOATS, the species of their helpers in {@code
   * VectorMath}: a kernel that mixed the two float shapes in one loop nest ran SUGAR B-SiLU's
   * training forward at 7.1 instead of 1.1 ns/elem on Zen 5, and JDK 17 slows a JVM's vector code
   * down when two float shapes meet in it (bench/README.md), as SUGAR's factors and the 512-bit
   * GEMM would in training.
   */
  private final String floatSpecies;

  /** Whether some double-lanes method clamps an infinite input to {@code INPUT_LIMIT}. */
  private boolean clampsInDouble;

  /**
   * The parameters that some float-lane kernel of this class holds in two floats in a product
   * (Lowering.compensatedFactor), whose magnitude it therefore needs to be at least 2^-7.
   */
  private final Set<String> compensated = new TreeSet<>();

  /**
   * Whether this class is the one for parameter values that are powers of two, whose products with
   * a float are exact: no low parts ({@link Lowering#parameterProductsExact}).
   */
  private final boolean productsExact;

  private VectorKernelWriter(LayerWriter w, ClassName name, boolean productsExact) {
    this.w = w;
    this.c = w.compiled();
    this.name = name;
    this.productsExact = productsExact;
    this.floatSpecies = floatSpecies(w, c);
  }

  private static String floatSpecies(LayerWriter w, CompiledActivation c) {
    if (c.storage() == BackwardStorage.MASK) {
      return "FLOATS"; // VectorMath's mask helpers take FLOATS masks
    }
    if (c.storage() == BackwardStorage.BF16_FACTOR) {
      // VectorMath's bfloat16 helpers run on WIDE_FLOATS, and so does the GEMM on AVX-512
      return "WIDE_FLOATS";
    }
    List<Expr> formulas = new ArrayList<>(List.of(c.forwardEval()));
    formulas.addAll(c.isGated() ? c.gradients() : List.of(c.backward()));
    return formulas.stream()
            .anyMatch(e -> Exprs.isTranscendental(e) && !w.vectorInDouble(List.of(e)))
        ? "WIDE_FLOATS"
        : "FLOATS";
  }

  /**
   * Why {@code c} keeps only its scalar kernels, or null when it gets vector kernels too. The
   * reason ends up in the layer's javadoc.
   */
  static String scalarReason(CompiledActivation c) {
    if (c.isStochastic()) {
      return "its training forward draws random numbers per element";
    }
    if (c.spec().params().stream().anyMatch(ParamSpec::learnable)) {
      return "a learnable parameter is read per channel and accumulates a gradient";
    }
    List<Expr> exprs = new ArrayList<>(List.of(c.forwardEval()));
    exprs.addAll(c.isGated() ? c.gradients() : List.of(c.backward()));
    if (!Lowering.vectorizable(exprs)) {
      return "erf has no Vector API form (erfc has, and 1 + erf(u) simplifies to erfc(-u))";
    }
    return null;
  }

  /** The vector kernels' class name for the layer {@code layer}. */
  static ClassName nameFor(ClassName layer) {
    return layer.peerClass(baseName(layer) + "VectorKernels");
  }

  /**
   * The class name of the layer's second vector kernels, for parameter values that are powers of
   * two ({@link #productsExact}). The suffix comes after {@code VectorKernels}, so that no other
   * spec's classes can take the name: {@code SwishExactVectorKernels} would be the kernels of a
   * spec {@code SwishExact} in the same package.
   */
  static ClassName exactNameFor(ClassName layer) {
    return layer.peerClass(baseName(layer) + "VectorKernelsExact");
  }

  private static String baseName(ClassName layer) {
    return layer.simpleName().endsWith("Layer")
        ? layer.simpleName().substring(0, layer.simpleName().length() - "Layer".length())
        : layer.simpleName();
  }

  /** The arguments the constructor takes, as the layer passes them: parameters, then the mask. */
  static List<String> constructorArgs(LayerWriter w) {
    List<String> args = new ArrayList<>();
    for (ParamSpec p : w.params()) {
      args.add(w.field(p.name()));
    }
    if (w.compiled().storage() == BackwardStorage.MASK) {
      args.add("maskOn");
      args.add("maskOff");
    }
    return args;
  }

  /**
   * The layer's vector kernels: the class for every parameter value, then, when its float lanes
   * hold products with parameters in two floats, the class for values that are powers of two, which
   * computes the same bits without the low parts ({@link Lowering#parameterProductsExact}). {@code
   * exactParams} receives those parameters, whose values decide which class the layer builds.
   */
  static List<JavaFile> write(LayerWriter w, ClassName layer, Set<String> exactParams) {
    VectorKernelWriter general = new VectorKernelWriter(w, nameFor(layer), false);
    List<JavaFile> files = new ArrayList<>(List.of(general.file(layer)));
    if (!general.compensated.isEmpty()) {
      exactParams.addAll(general.compensated);
      files.add(new VectorKernelWriter(w, exactNameFor(layer), true).file(layer));
    }
    return files;
  }

  private JavaFile file(ClassName layer) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name)
            .addModifiers(Modifier.FINAL)
            .addSuperinterface(c.isGated() ? RuntimeTypes.GATED_KERNEL : RuntimeTypes.UNARY_KERNEL)
            .addAnnotation(
                AnnotationSpec.builder(RuntimeTypes.GENERATED)
                    .addMember("value", "$S", RuntimeTypes.PROCESSOR)
                    .addMember("comments", "$S", "vector kernels of " + c.spec().name())
                    .build());
    if (c.spec().type() != null) {
      type.addOriginatingElement(c.spec().type()); // incremental builds: regenerate with it
    }
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    for (ParamSpec p : w.params()) {
      String f = w.field(p.name());
      type.addField(double.class, f, Modifier.PRIVATE, Modifier.FINAL);
      ctor.addParameter(double.class, f).addStatement("this.$N = $N", f, f);
    }
    if (c.storage() == BackwardStorage.MASK) {
      for (String f : List.of("maskOn", "maskOff")) {
        type.addField(float.class, f, Modifier.PRIVATE, Modifier.FINAL);
        ctor.addParameter(double.class, f).addStatement("this.$N = (float) $N", f, f);
      }
    }
    type.addMethod(ctor.build());
    StringBuilder doc = new StringBuilder();
    doc.append("The Vector API kernels of {@code ")
        .append(LayerWriter.javadocText(c.spec().name()))
        .append("}, run by {@link ")
        .append(layer.simpleName())
        .append("} in place of its scalar loops.\n\n<pre>\n");
    if (c.isGated()) {
      addGated(type, doc);
    } else {
      addUnary(type, doc);
    }
    // one line per paragraph: Javadocs.wrap fills them
    doc.append("</pre>\n\n");
    if (productsExact) {
      String values = compensated.stream().map(n -> "{@code " + n + "}").collect(joining(" and "));
      doc.append("<p>For values of ")
          .append(values)
          .append(" that are powers of two, which ")
          .append(layer.simpleName())
          .append(" builds these kernels for: a product with such a value is exact in float, so")
          .append(" these lanes hold it in one float where {@link ")
          .append(nameFor(layer).simpleName())
          .append("} holds it in two, and compute the same bits with fewer operations.\n\n");
    }
    doc.append("<p>Float lanes (")
        .append(
            floatSpecies.equals("WIDE_FLOATS")
                ? "{@code VectorConstants.WIDE_FLOATS}: eight to an AVX2 register, sixteen with"
                    + " AVX-512"
                : "{@code VectorConstants.FLOATS}: eight, at most 256 bits")
        .append(
            ") where each function has a float form that gives the same bits compiled or"
                + " interpreted (exp, expm1, tanh, sigmoid, sqrt), reads an argument exact in float"
                + " (or a product with a parameter, held in two floats) and feeds no sum that could"
                + " cancel (SiLU's derivative is taken as sigmoid(u) (1 + u sigmoid(-u)), which does"
                + " not); otherwise double lanes, widened on load and rounded once to float on"
                + " store. Either way the results stay within the scalar kernels' accuracy"
                + " bounds.\n\n"
                + "<p>NOTE: loaded by name through {@code KernelProvider} only when {@code"
                + " jdk.incubator.vector} is enabled; no other class may refer to it.\n");
    type.addJavadoc(Javadocs.wrap(doc.toString(), Javadocs.TYPE_WIDTH));
    if (!compensated.isEmpty()) {
      type.addMethod(unsupported());
    }
    if (clampsInDouble) {
      // float lanes clamp to Float.MAX_VALUE in place; only double lanes need 2^128
      type.addField(
          FieldSpec.builder(
                  double.class, "INPUT_LIMIT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "As in {@link $T}: infinite inputs are clamped where they would give inf * 0.\n",
                  layer)
              .initializer("0x1p128")
              .build());
    }
    type.alwaysQualify(w.shadowedTypeNames());
    return JavaFile.builder(c.spec().packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /**
   * {@code static String unsupported(<the constructor's parameters>)}: why these kernels would not
   * keep the accuracy bounds for these parameter values, or null. {@code KernelProvider} calls it
   * and, on a reason, logs it and leaves the layer to its scalar loops.
   */
  private MethodSpec unsupported() {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("unsupported")
            .addModifiers(Modifier.STATIC)
            .returns(String.class)
            .addJavadoc(
                "Why these kernels would not keep the accuracy bounds for these parameters, or"
                    + " null.\nFloat lanes hold $L in $L; where exp of"
                    + " that product\nis a subnormal float, a factor that grows as 1 / |parameter|"
                    + " would magnify its lost bits\n(Lowering.compensatedFactor).\n",
                compensated.stream().map(n -> "{@code " + n + " * x}").collect(joining(" and ")),
                productsExact ? "one float, exact" : "two floats");
    for (String arg : constructorArgs(w)) {
      m.addParameter(double.class, arg);
    }
    CodeBlock.Builder tooSmall = CodeBlock.builder();
    String sep = "";
    for (String n : compensated) {
      tooSmall.add(
          "$L!($T.abs($N) >= $L)",
          sep,
          Math.class,
          w.field(n),
          Double.toHexString(Lowering.LEAST_COMPENSATED_FACTOR));
      sep = " || ";
    }
    m.beginControlFlow("if ($L)", tooSmall.build());
    m.addStatement(
        "return $S",
        "float lanes need |" + String.join("|, |", compensated) + "| >= 2^-7 (0.0078125)");
    m.endControlFlow();
    m.addStatement("return null");
    return m.build();
  }

  // ---- one-input activations ----

  private void addUnary(TypeSpec.Builder type, StringBuilder doc) {
    Expr f = c.forwardEval();
    boolean output = c.storage() == BackwardStorage.OUTPUT;
    Lanes forward = lanes("forwardLanes", f, Map.of("x", "xv"), false);
    type.addMethod(forward.method);
    line(doc, "forward", forward, f);
    Expr factor = c.storage() == BackwardStorage.MASK ? null : c.backward();
    // A factor kept in bfloat16 (8 bits) loses nothing to float lanes' cancellation (2^-19 at
    // worst)
    boolean bf16 = c.storage() == BackwardStorage.BF16_FACTOR;
    Lanes factorLanes =
        factor == null
            ? null
            : lanes(
                "factorLanes",
                factor,
                output ? Map.of("y", "yv") : Map.of("x", "xv"),
                false,
                // a stored float factor is computed with y, in y's lanes if finer: the gradient
                // takes the same lanes, so that storing and recomputing give the same bits
                c.storage() == BackwardStorage.FACTOR ? List.of(factor, f) : List.of(factor),
                bf16 && Lowering.hasFloatLanes(List.of(factor))
                    ? Precision.FLOAT
                    : Precision.BY_RULE);
    Expr eval = w.evalFactor();
    Lanes ownGradient =
        output
            ? factorLanes
            : factor == null || !eval.equals(factor) || bf16
                ? lanes("gradientLanes", eval, Map.of("x", "xv"), false)
                : factorLanes;
    // where the factor's lanes, rounded further for bfloat16 (Lowering.roundedFurther), compute
    // the gradient as its accuracy bounds want it anyway, they serve both
    Lanes gradient =
        bf16 && ownGradient.method.code().equals(factorLanes.method.code())
            ? factorLanes
            : ownGradient;
    if (factorLanes != null) {
      type.addMethod(factorLanes.method);
      line(doc, "backward", factorLanes, factor);
    }
    if (gradient != factorLanes) {
      type.addMethod(gradient.method);
      line(doc, "gradient", gradient, eval);
    }

    MethodSpec.Builder fwd = array("forward", "x", "xOff", "y", "yOff");
    loop(
        fwd,
        forward.inDouble,
        tail ->
            List.of(
                store(
                    forward, call(forward, load(forward, "x", "xOff", tail)), "y", "yOff", tail)));
    type.addMethod(fwd.build());

    MethodSpec.Builder grad = array("gradient", "x", "xOff", "g", "gOff");
    if (output) {
      // the factor is stated in terms of y: y first, rounded to float as backward would read it
      grad.addStatement("forward(x, xOff, g, gOff, n)");
      loop(
          grad,
          gradient.inDouble,
          tail ->
              List.of(
                  store(
                      gradient,
                      call(gradient, load(gradient, "g", "gOff", tail)),
                      "g",
                      "gOff",
                      tail)));
    } else {
      loop(
          grad,
          gradient.inDouble,
          tail ->
              List.of(
                  store(
                      gradient,
                      call(gradient, load(gradient, "x", "xOff", tail)),
                      "g",
                      "gOff",
                      tail)));
    }
    type.addMethod(grad.build());

    switch (c.storage()) {
      case MASK:
        addMask(type, doc, forward);
        break;
      case BF16_FACTOR:
        addFactorStorage(type, factorLanes, forward);
        break;
      case FACTOR:
        addFloatFactorStorage(type, factorLanes, forward);
        break;
      case INPUT:
      case OUTPUT:
        MethodSpec.Builder back =
            kernel("backward")
                .addParameter(float[].class, "dy")
                .addParameter(int.class, "dyOff")
                .addParameter(float[].class, "saved")
                .addParameter(int.class, "savedOff")
                .addParameter(float[].class, "dz")
                .addParameter(int.class, "dzOff")
                .addParameter(int.class, "n");
        loop(
            back,
            factorLanes.inDouble,
            tail ->
                List.of(
                    CodeBlock.of(
                        "$L$Z.mul($L)$Z.intoArray(dz,$WdzOff + i$L)",
                        loadFloats("dy", "dyOff", tail),
                        narrow(
                            factorLanes,
                            call(factorLanes, load(factorLanes, "saved", "savedOff", tail))),
                        tail ? ", m" : "")));
        type.addMethod(back.build());
        break;
    }
  }

  private void addMask(TypeSpec.Builder type, StringBuilder doc, Lanes forward) {
    Expr cond = c.mask().condition();
    Lanes bit = lanes("maskLanes", cond, Map.of("x", "xv"), true);
    type.addMethod(bit.method);
    line(doc, "mask bit", bit, cond);
    // One pass when both read the same lanes: each vector of x is loaded once, its bits taken and
    // its y stored before the next is read, so y may be x. Otherwise the bits go first.
    boolean onePass = bit.inDouble == forward.inDouble;
    MethodSpec.Builder m =
        kernel("forwardMask")
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xOff")
            .addParameter(float[].class, "y")
            .addParameter(int.class, "yOff")
            .addParameter(int.class, "n")
            .addParameter(long[].class, "mask")
            .addParameter(int.class, "maskBit");
    if (!onePass) {
      m.addComment("the bits first: y may be x");
    }
    m.addStatement(
        "$T<$T> s = $T.$L",
        RuntimeTypes.VECTOR_SPECIES,
        Float.class,
        RuntimeTypes.VECTOR_CONSTANTS,
        memorySpecies(bit));
    if (bit.inDouble) {
      maskWordsByReduction(m, bit, forward, onePass);
    } else {
      maskWordsByRows(m, bit, forward, onePass);
    }
    if (!onePass) {
      m.addStatement("forward(x, xOff, y, yOff, n)");
    }
    type.addMethod(m.build());
    type.addMethod(
        kernel("backwardMask")
            .addParameter(float[].class, "dy")
            .addParameter(int.class, "dyOff")
            .addParameter(long[].class, "mask")
            .addParameter(int.class, "maskBit")
            .addParameter(float[].class, "dz")
            .addParameter(int.class, "dzOff")
            .addParameter(int.class, "n")
            .addStatement(
                "$T.maskBackward(dy, dyOff, mask, maskBit, maskOn, maskOff, dz, dzOff, n)",
                RuntimeTypes.VECTOR_MATH)
            .build());
  }

  /**
   * Float lanes gather a word's bits lane-wise and cross lanes once per word ({@code VectorMath}'s
   * maskRow and maskWord). Whole words run an inner loop of the constant 64 / lanes trips, which C2
   * unrolls, so each row's bit is a constant: 0.17 against 0.29 ns per element for ReLU's forward
   * with a loop bounded by the word's end, and 0.12 without the mask.
   */
  private void maskWordsByRows(MethodSpec.Builder m, Lanes bit, Lanes forward, boolean onePass) {
    m.addStatement("int w = 0");
    m.beginControlFlow("for (; w + 64 <= n; w += 64)");
    m.addStatement("$T bits = $T.noMaskRows()", RuntimeTypes.INT_VECTOR, RuntimeTypes.VECTOR_MATH);
    m.beginControlFlow("for (int e = 0; e < 64; e += s.length())");
    m.addStatement("int i = w + e");
    maskRowStep(m, bit, forward, onePass, false);
    m.endControlFlow();
    // maskBit is a multiple of 64, so word (maskBit + w) / 64 holds exactly elements w..w+63
    m.addStatement("mask[(maskBit + w) >>> 6] = $T.maskWord(bits)", RuntimeTypes.VECTOR_MATH);
    m.endControlFlow();
    m.beginControlFlow("if (w < n)");
    m.addComment("the last word, partial");
    m.addStatement("$T bits = $T.noMaskRows()", RuntimeTypes.INT_VECTOR, RuntimeTypes.VECTOR_MATH);
    m.addStatement("int i = w");
    m.beginControlFlow("for (int bound = w + s.loopBound(n - w); i < bound; i += s.length())");
    maskRowStep(m, bit, forward, onePass, false);
    m.endControlFlow();
    m.beginControlFlow("if (i < n)");
    m.addStatement("$T<$T> m = s.indexInRange(i, n)", RuntimeTypes.VECTOR_MASK, Float.class);
    maskRowStep(m, bit, forward, onePass, true);
    m.endControlFlow();
    m.addStatement("mask[(maskBit + w) >>> 6] = $T.maskWord(bits)", RuntimeTypes.VECTOR_MATH);
    m.endControlFlow();
  }

  /** One vector at element i of word w: its row of bits, and y when in one pass. */
  private void maskRowStep(
      MethodSpec.Builder m, Lanes bit, Lanes forward, boolean onePass, boolean tail) {
    CodeBlock input = load(bit, "x", "xOff", tail);
    if (onePass) {
      m.addStatement("$T xv = $L", bit.laneType, input);
      input = CodeBlock.of("xv");
    }
    if (tail) {
      // lanes past the end read 0, whose bit may be set: keep only the first n - i
      m.addStatement(
          "bits = bits.or($T.maskRow($L.and(m), i - w))",
          RuntimeTypes.VECTOR_MATH,
          call(bit, input));
    } else {
      m.addStatement(
          "bits = bits.or($T.maskRow($L, i - w))", RuntimeTypes.VECTOR_MATH, call(bit, input));
    }
    if (onePass) {
      m.addStatement(store(forward, call(forward, input), "y", "yOff", tail));
    }
  }

  /** Double lanes, rare in a mask condition: each vector's bits reduced across its lanes. */
  private void maskWordsByReduction(
      MethodSpec.Builder m, Lanes bit, Lanes forward, boolean onePass) {
    m.beginControlFlow("for (int w = 0; w < n; w += 64)");
    m.addStatement("int end = $T.min(n, w + 64)", Math.class);
    m.addStatement("long bits = 0L");
    m.addStatement("int i = w");
    m.beginControlFlow("for (int bound = w + s.loopBound(end - w); i < bound; i += s.length())");
    if (onePass) {
      m.addStatement("$T xv = $L", bit.laneType, load(bit, "x", "xOff", false));
      m.addStatement("bits |= $L << (i - w)", bits(bit, call(bit, CodeBlock.of("xv"))));
      m.addStatement(store(forward, call(forward, CodeBlock.of("xv")), "y", "yOff", false));
    } else {
      m.addStatement("bits |= $L << (i - w)", bits(bit, call(bit, load(bit, "x", "xOff", false))));
    }
    m.endControlFlow();
    m.beginControlFlow("if (i < end)");
    m.addStatement("$T<$T> m = s.indexInRange(i, end)", RuntimeTypes.VECTOR_MASK, Float.class);
    CodeBlock tailInput = load(bit, "x", "xOff", true);
    if (onePass) {
      m.addStatement("$T xv = $L", bit.laneType, tailInput);
      tailInput = CodeBlock.of("xv");
    }
    // lanes past the end read 0, whose bit may be set: keep only the first end - i
    m.addStatement(
        "bits |= ($L & ((1L << (end - i)) - 1)) << (i - w)", bits(bit, call(bit, tailInput)));
    if (onePass) {
      m.addStatement(store(forward, call(forward, tailInput), "y", "yOff", true));
    }
    m.endControlFlow();
    // maskBit is a multiple of 64, so word (maskBit + w) / 64 holds exactly elements w..w+63
    m.addStatement("mask[(maskBit + w) >>> 6] = bits");
    m.endControlFlow();
  }

  private void addFactorStorage(TypeSpec.Builder type, Lanes factor, Lanes forward) {
    boolean onePass = factor.inDouble == forward.inDouble;
    type.addMethod(
        forwardFactor(short[].class)
            .addStatement("float[] block = $T.factorBlock()", RuntimeTypes.VECTOR_MATH)
            .addStatement("int len")
            .beginControlFlow("for (int start = 0; start < n; start += len)")
            .addStatement("len = $T.min(block.length, n - start)", Math.class)
            .addStatement("factorBlock(x, xOff + start, y, yOff + start, block, len)")
            .addStatement(
                "$T.storeBf16(block, factor, factorOff + start, len)", RuntimeTypes.VECTOR_MATH)
            .endControlFlow()
            .build());
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("factorBlock")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc(
                "The factors of {@code x[xOff..xOff + n)} into {@code block[0..n)}, and y as\n"
                    + "forward computes it. The factors are rounded to bfloat16 afterwards, in bulk,\n"
                    + "by {@link $T#storeBf16}: a bfloat16 store after the factor in this loop would\n"
                    + "be a call C2 refuses to inline once the loop has spent its node budget\n"
                    + "(NodeCountInliningCutoff), boxing its vector every time.\n",
                RuntimeTypes.VECTOR_MATH)
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xOff")
            .addParameter(float[].class, "y")
            .addParameter(int.class, "yOff")
            .addParameter(float[].class, "block")
            .addParameter(int.class, "n");
    if (onePass) {
      // One load of x for both: its y and its factor are written before the next is read. y
      // first: C2 inlines in call order and stops at a node budget (NodeCountInliningCutoff);
      // after the factor's exp it had none left for forwardLanes, which then boxed its vector
      // (SUGAR B-SiLU's forward 4.4 ns per element, 1.7 with y first).
      loop(
          m,
          factor.inDouble,
          tail ->
              List.of(
                  CodeBlock.of("$T xv = $L", factor.laneType, load(factor, "x", "xOff", tail)),
                  store(forward, call(forward, CodeBlock.of("xv")), "y", "yOff", tail),
                  blockStore(factor, call(factor, CodeBlock.of("xv")), tail)));
    } else {
      m.addComment("the factor first: y may be x");
      loop(
          m,
          factor.inDouble,
          tail -> List.of(blockStore(factor, call(factor, load(factor, "x", "xOff", tail)), tail)));
      m.addStatement("forward(x, xOff, y, yOff, n)");
    }
    type.addMethod(m.build());
    type.addMethod(
        kernel("backwardFactor")
            .addParameter(float[].class, "dy")
            .addParameter(int.class, "dyOff")
            .addParameter(short[].class, "factor")
            .addParameter(int.class, "factorOff")
            .addParameter(float[].class, "dz")
            .addParameter(int.class, "dzOff")
            .addParameter(int.class, "n")
            .addStatement(
                "$T.bf16Backward(dy, dyOff, factor, factorOff, dz, dzOff, n)",
                RuntimeTypes.VECTOR_MATH)
            .build());
  }

  /**
   * {@code forwardFactor} of float factor storage. y and the factor are lowered together, so that a
   * subexpression of both (GELU's exp(-x^2 / 2) and mills(|x|), SiLU's exp(-|x|)) is computed once
   * per element; the loop is written out rather than split into lanes methods, which can return
   * only one vector.
   */
  private void addFloatFactorStorage(TypeSpec.Builder type, Lanes factor, Lanes forward) {
    MethodSpec.Builder m = forwardFactor(float[].class);
    Expr f = c.forward();
    Expr g = c.backward();
    List<Expr> both = List.of(f, g);
    // One precision for both, the finer. The factor's lanes were chosen for it and y together, but
    // y alone may still take double lanes where its float intermediates would overflow.
    Lanes lanes = factor.inDouble ? factor : forward;
    boolean inDouble = lanes.inDouble;
    // the loop first, then the hoisted parameters before it: their low parts are those its
    // lowering read
    Set<String> lowParts = new TreeSet<>();
    List<CodeBlock> bounds = new ArrayList<>(); // the loop's; its tail declares the same
    CodeBlock body =
        loop(
            inDouble,
            tail -> {
              Lowering l = lowering(both, Map.of("x", "xv"), inDouble, false);
              CodeBlock y = l.lower(f);
              CodeBlock df = l.lower(g);
              lowParts.addAll(l.lowParams());
              compensated.addAll(l.productParams());
              if (!tail) {
                bounds.addAll(l.clampBounds());
              }
              List<CodeBlock> statements = new ArrayList<>();
              // x is read before y is written: y may be x
              statements.add(
                  CodeBlock.of("$T xv = $L", l.laneType(), load(lanes, "x", "xOff", tail)));
              if (l.clampsInput("x")) {
                statements.add(CodeBlock.of("xv = $L", l.input("x", "xv")));
              }
              statements.addAll(l.statements());
              statements.add(store(lanes, df, "factor", "factorOff", tail));
              statements.add(store(lanes, y, "y", "yOff", tail));
              return statements;
            });
    for (CodeBlock h : w.hoistParams(inDouble, false, both, lowParts)) {
      m.addStatement(h);
    }
    for (CodeBlock b : bounds) {
      m.addStatement(b);
    }
    m.addCode(body);
    type.addMethod(m.build());
  }

  /** The {@code forwardFactor} kernel's signature, the factors being bfloat16 or float. */
  private static MethodSpec.Builder forwardFactor(Class<?> factorArray) {
    return kernel("forwardFactor")
        .addParameter(float[].class, "x")
        .addParameter(int.class, "xOff")
        .addParameter(float[].class, "y")
        .addParameter(int.class, "yOff")
        .addParameter(factorArray, "factor")
        .addParameter(int.class, "factorOff")
        .addParameter(int.class, "n");
  }

  // ---- gated activations ----

  private void addGated(TypeSpec.Builder type, StringBuilder doc) {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "av");
    ab.put("b", "bv");
    Expr f = c.forwardEval();
    Lanes forward = lanes("forwardLanes", f, ab, false);
    type.addMethod(forward.method);
    line(doc, "forward", forward, f);
    List<Expr> both = c.gradients();
    // both factors in one precision: the loop loads a and b once for the two
    Lanes da = lanes("factorALanes", both.get(0), ab, false, both, Precision.BY_RULE);
    Lanes db = lanes("factorBLanes", both.get(1), ab, false, both, Precision.BY_RULE);
    type.addMethod(da.method);
    type.addMethod(db.method);
    line(doc, "df/da", da, both.get(0));
    line(doc, "df/db", db, both.get(1));

    MethodSpec.Builder fwd =
        kernel("forward")
            .addParameter(float[].class, "a")
            .addParameter(int.class, "aOff")
            .addParameter(float[].class, "b")
            .addParameter(int.class, "bOff")
            .addParameter(float[].class, "y")
            .addParameter(int.class, "yOff")
            .addParameter(int.class, "n");
    loop(
        fwd,
        forward.inDouble,
        tail ->
            List.of(
                store(
                    forward,
                    CodeBlock.of(
                        "forwardLanes($L,$W$L)",
                        load(forward, "a", "aOff", tail),
                        load(forward, "b", "bOff", tail)),
                    "y",
                    "yOff",
                    tail)));
    type.addMethod(fwd.build());

    MethodSpec.Builder back =
        kernel("backward")
            .addParameter(float[].class, "dy")
            .addParameter(int.class, "dyOff")
            .addParameter(float[].class, "a")
            .addParameter(int.class, "aOff")
            .addParameter(float[].class, "b")
            .addParameter(int.class, "bOff")
            .addParameter(float[].class, "da")
            .addParameter(int.class, "daOff")
            .addParameter(float[].class, "db")
            .addParameter(int.class, "dbOff")
            .addParameter(int.class, "n");
    TypeName lane = da.laneType;
    loop(
        back,
        da.inDouble,
        tail ->
            List.of(
                CodeBlock.of("$T av = $L", lane, load(da, "a", "aOff", tail)),
                CodeBlock.of("$T bv = $L", lane, load(da, "b", "bOff", tail)),
                CodeBlock.of(
                    "$T dyv = $L", RuntimeTypes.FLOAT_VECTOR, loadFloats("dy", "dyOff", tail)),
                CodeBlock.of(
                    "dyv.mul($L)$Z.intoArray(da,$WdaOff + i$L)",
                    narrow(da, CodeBlock.of("factorALanes(av, bv)")),
                    tail ? ", m" : ""),
                CodeBlock.of(
                    "dyv.mul($L)$Z.intoArray(db,$WdbOff + i$L)",
                    narrow(db, CodeBlock.of("factorBLanes(av, bv)")),
                    tail ? ", m" : "")));
    type.addMethod(back.build());
  }

  // ---- pieces ----

  /** A lanes method: its spec, its precision and lane type, and its parameters' Java names. */
  private static final class Lanes {
    final MethodSpec method;
    final boolean inDouble;
    final TypeName laneType;
    final List<String> params;

    Lanes(MethodSpec method, boolean inDouble, TypeName laneType, List<String> params) {
      this.method = method;
      this.inDouble = inDouble;
      this.laneType = laneType;
      this.params = params;
    }
  }

  /** Which lanes a lanes method computes in. */
  private enum Precision {
    /** As {@link LayerWriter#vectorInDouble} decides for the expressions. */
    BY_RULE,
    /** Float lanes, where the result is rounded further anyway (a bfloat16 factor). */
    FLOAT
  }

  private Lanes lanes(String methodName, Expr e, Map<String, String> vars, boolean condition) {
    return lanes(methodName, e, vars, condition, List.of(e), Precision.BY_RULE);
  }

  /**
   * A lanes method for {@code e}, in {@code precision} (by the rule: what {@code precisionOf}
   * needs).
   */
  private Lanes lanes(
      String methodName,
      Expr e,
      Map<String, String> vars,
      boolean condition,
      List<Expr> precisionOf,
      Precision precision) {
    boolean inDouble = precision == Precision.BY_RULE && w.vectorInDouble(precisionOf);
    // a bfloat16 factor: see Lowering.roundedFurther
    Lowering l = lowering(List.of(e), vars, inDouble, precision == Precision.FLOAT);
    clampsInDouble |= l.type().equals("double") && !w.infiniteClamp(List.of(e)).isEmpty();
    CodeBlock v = condition ? l.lowerCondition(e) : l.lower(e);
    TypeName lane = l.laneType();
    TypeName returns =
        condition
            ? ParameterizedTypeName.get(
                RuntimeTypes.VECTOR_MASK,
                ClassName.get(l.type().equals("double") ? Double.class : Float.class))
            : lane;
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(methodName).addModifiers(Modifier.PRIVATE).returns(returns);
    LayerWriter.declareBounds(m, l);
    List<String> params = new ArrayList<>();
    for (Map.Entry<String, String> var : vars.entrySet()) {
      m.addParameter(lane, var.getValue());
      params.add(var.getValue());
      if (l.clampsInput(var.getKey())) {
        m.addStatement("$N = $L", var.getValue(), l.input(var.getKey(), var.getValue()));
      }
    }
    compensated.addAll(l.productParams());
    for (CodeBlock h : w.hoistParams(l.type().equals("double"), false, List.of(e), l.lowParams())) {
      m.addStatement(h);
    }
    for (CodeBlock s : l.statements()) {
      m.addStatement(s);
    }
    m.addStatement("return $L", v);
    return new Lanes(m.build(), l.type().equals("double"), lane, params);
  }

  /** {@link LayerWriter#vectorLowering}, with products with parameters exact in this class. */
  private Lowering lowering(
      List<Expr> exprs, Map<String, String> vars, boolean inDouble, boolean roundedFurther) {
    Lowering l = w.vectorLowering(exprs, vars, inDouble, floatSpecies, roundedFurther);
    return productsExact ? l.parameterProductsExact() : l;
  }

  private static void line(StringBuilder doc, String label, Lanes lanes, Expr e) {
    doc.append(String.format("%-10s", label + ":"))
        .append(lanes.inDouble ? "double lanes: " : "float lanes:  ")
        .append(LayerWriter.javadocText(Printer.print(e)))
        .append("\n");
  }

  private String memorySpecies(Lanes lanes) {
    return lanes.inDouble ? "HALF_FLOATS" : floatSpecies;
  }

  private static CodeBlock call(Lanes lanes, CodeBlock arg) {
    return CodeBlock.of("$N($L)", lanes.method, arg);
  }

  /** Loads the lanes' input from {@code array[off + i]}, widened to double for double lanes. */
  private static CodeBlock load(Lanes lanes, String array, String off, boolean tail) {
    if (lanes.inDouble) {
      return CodeBlock.of(
          "$T.widen($N,$W$N + i$L)", RuntimeTypes.VECTOR_MATH, array, off, tail ? ", m" : "");
    }
    return loadFloats(array, off, tail);
  }

  private static CodeBlock loadFloats(String array, String off, boolean tail) {
    return CodeBlock.of(
        "$T.fromArray(s,$W$N,$W$N + i$L)",
        RuntimeTypes.FLOAT_VECTOR,
        array,
        off,
        tail ? ", m" : "");
  }

  private static CodeBlock narrow(Lanes lanes, CodeBlock v) {
    return lanes.inDouble ? CodeBlock.of("$T.narrow($L)", RuntimeTypes.VECTOR_MATH, v) : v;
  }

  /** Stores the lanes' value at {@code block[i]}, narrowed to float for double lanes. */
  private static CodeBlock blockStore(Lanes lanes, CodeBlock v, boolean tail) {
    return CodeBlock.of("$L$Z.intoArray(block,$Wi$L)", narrow(lanes, v), tail ? ", m" : "");
  }

  private static CodeBlock store(Lanes lanes, CodeBlock v, String array, String off, boolean tail) {
    return CodeBlock.of(
        "$L$Z.intoArray($N,$W$N + i$L)", narrow(lanes, v), array, off, tail ? ", m" : "");
  }

  private static CodeBlock bits(Lanes lanes, CodeBlock mask) {
    return CodeBlock.of(
        "$T.$L($L)", RuntimeTypes.VECTOR_MATH, lanes.inDouble ? "bitsOfDoubles" : "bits", mask);
  }

  private static MethodSpec.Builder kernel(String name) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC);
  }

  private static MethodSpec.Builder array(
      String name, String in, String inOff, String out, String outOff) {
    return kernel(name)
        .addParameter(float[].class, in)
        .addParameter(int.class, inOff)
        .addParameter(float[].class, out)
        .addParameter(int.class, outOff)
        .addParameter(int.class, "n");
  }

  /**
   * A loop over full vectors of {@code HALF_FLOATS} (double lanes) or {@link #floatSpecies}, then
   * one masked vector for the last {@code n % s.length()} elements.
   */
  private void loop(
      MethodSpec.Builder m,
      boolean inDouble,
      java.util.function.Function<Boolean, List<CodeBlock>> body) {
    m.addCode(loop(inDouble, body));
  }

  /** The loop of {@link #loop(MethodSpec.Builder, boolean, java.util.function.Function)}. */
  private CodeBlock loop(
      boolean inDouble, java.util.function.Function<Boolean, List<CodeBlock>> body) {
    CodeBlock.Builder m = CodeBlock.builder();
    m.addStatement(
        "$T<$T> s = $T.$L",
        RuntimeTypes.VECTOR_SPECIES,
        Float.class,
        RuntimeTypes.VECTOR_CONSTANTS,
        inDouble ? "HALF_FLOATS" : floatSpecies);
    m.addStatement("int i = 0");
    m.beginControlFlow("for (int bound = s.loopBound(n); i < bound; i += s.length())");
    for (CodeBlock s : body.apply(false)) {
      m.addStatement(s);
    }
    m.endControlFlow();
    m.beginControlFlow("if (i < n)");
    m.addStatement("$T<$T> m = s.indexInRange(i, n)", RuntimeTypes.VECTOR_MASK, Float.class);
    for (CodeBlock s : body.apply(true)) {
      m.addStatement(s);
    }
    m.endControlFlow();
    return m.build();
  }
}
