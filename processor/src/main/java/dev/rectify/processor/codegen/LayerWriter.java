package dev.rectify.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.processor.check.FloatOverflow;
import dev.rectify.processor.check.InfiniteClamp;
import dev.rectify.processor.compile.CompiledActivation;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.formula.Printer;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.symbolic.Exprs;
import dev.rectify.processor.symbolic.Simplifier;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * Writes the layer class for one compiled activation with JavaPoet: a final subclass of the
 * runtime's {@code UnaryActivationLayer} or {@code GatedActivationLayer} whose methods are
 * straight-line loops lowered from the compiled expressions. Deterministic: the same spec always
 * gives the same text.
 */
public final class LayerWriter {
  /**
   * Every name the generated layer and vector kernel classes use, which a parameter's field, local
   * and derived names must avoid: a parameter local {@code i} or {@code factor} would redeclare a
   * loop variable or an argument, and one named {@code Math} or {@code VectorMath} would obscure
   * the class in {@code Math.max(...)} (JLS 6.4.2). Kept in this one list: add a name here when a
   * writer starts to use it. The common-subexpression locals {@code t0, t1, ...} are a prefix, see
   * {@link #LOCAL_PREFIX}.
   */
  private static final List<String> GENERATED_NAMES =
      List.of(
          // arguments and locals of the layer's methods
          "x",
          "y",
          "n",
          "i",
          "w",
          "end",
          "bits",
          "bit",
          "first",
          "key",
          "mask",
          "maskBit",
          "dy",
          "dz",
          "dyOff",
          "dzOff",
          "saved",
          "savedOff",
          "xOff",
          "yOff",
          "g",
          "gOff",
          "xv",
          "yv",
          "av",
          "bv",
          "a",
          "b",
          "aOff",
          "bOff",
          "da",
          "db",
          "daOff",
          "dbOff",
          "off",
          "flip",
          "grad",
          "acc",
          "channels",
          "c",
          "t",
          "sum",
          "dyv",
          // arguments and locals of the vector kernels
          "s",
          "m",
          "e",
          "bound",
          "block",
          "len",
          "start",
          "factor",
          "factorOff",
          "factorBlock",
          "lanes",
          "vector",
          // fields and constants
          "NAME",
          "INFO",
          "INPUT_LIMIT",
          "maskOn",
          "maskOff",
          // simple names of the types the generated code names (see TYPE_NAMES)
          "Math",
          "Float",
          "Double",
          "Integer",
          "Long",
          "String",
          "Object",
          "System",
          "Override",
          "List",
          "MethodHandles",
          "Generated",
          "ActivationFunction",
          "ActivationInfo",
          "Origin",
          "ParamInfo",
          "BackwardStorage",
          "UnaryActivationLayer",
          "GatedActivationLayer",
          "Parameter",
          "Tensor",
          "SpecialFunctions",
          "CounterRandom",
          "Branchless",
          "BranchFreeMath",
          "MillsRatio",
          "KernelProvider",
          "UnaryKernel",
          "GatedKernel",
          "Bf16",
          "VectorMath",
          "VectorConstants",
          "FloatVector",
          "DoubleVector",
          "IntVector",
          "VectorMask",
          "VectorSpecies",
          "VectorOperators");

  /**
   * The simple names of the types the generated code names: java.lang ones without an import, the
   * others imported. A type of the spec's package with one of these names would shadow it, so the
   * writers qualify those ({@link #shadowedTypeNames}).
   */
  private static final List<String> TYPE_NAMES =
      GENERATED_NAMES.subList(GENERATED_NAMES.indexOf("Math"), GENERATED_NAMES.size());

  /** The prefix of the generated common-subexpression locals ({@code t0}, {@code t1}, ...). */
  static final String LOCAL_PREFIX = "t";

  private final CompiledActivation c;
  private final ClassName layer;
  private final Map<String, String> fieldNames = new LinkedHashMap<>();

  /**
   * The names derived from a parameter's ({@code kInit}, {@code kLo}, ...) or an input's ({@code
   * xFloor}, {@code xCeiling}), by suffix and parameter or input name: see {@link #derived}.
   */
  private final Map<String, String> derivedNames = new LinkedHashMap<>();

  private final List<ParamSpec> params;

  /** The reason the layer keeps only scalar kernels, or null when it gets vector kernels too. */
  private final String scalarReason;

  /**
   * The parameters whose values, when all are powers of two, make the constructor build the vector
   * kernels for such values ({@code VectorKernelWriter.exactNameFor}); empty when there are none.
   * Filled when the kernels are written, before the layer.
   */
  private final Set<String> exactProductParams = new TreeSet<>();

  private LayerWriter(CompiledActivation c, boolean vectorApi) {
    this.c = c;
    String reason = VectorKernelWriter.scalarReason(c);
    this.scalarReason =
        reason != null || vectorApi
            ? reason
            : "the compilation did not include --add-modules jdk.incubator.vector";
    this.layer = ClassName.get(c.spec().packageName(), c.spec().layerName());
    this.params = c.spec().params();
    NameAllocator names = new NameAllocator();
    for (String r : GENERATED_NAMES) {
      names.newName(r, "reserved:" + r);
    }
    for (ParamSpec p : params) {
      // t0 or t0Lo would be a generated local (a common subexpression, a spelled-out exp's part):
      // t0_
      String suggestion =
          p.name().matches(LOCAL_PREFIX + "[0-9]+[A-Za-z]*") ? p.name() + "_" : p.name();
      fieldNames.put(p.name(), names.newName(suggestion, p.name()));
    }
    // after every parameter's own name, so that a parameter kInit keeps its name beside k's; the
    // tags have a colon, which no parameter's name (its tag) has
    for (ParamSpec p : params) {
      if (p.learnable()) {
        for (String suffix : DERIVED_SUFFIXES) {
          derivedNames.put(
              suffix + ":" + p.name(),
              names.newName(field(p.name()) + suffix, suffix + ":" + p.name()));
        }
      } else {
        derivedNames.put(
            LOW_PART + ":" + p.name(),
            names.newName(field(p.name()) + LOW_PART, LOW_PART + ":" + p.name()));
      }
    }
    // the bounds of an input clamped for some parameter signs only (Lowering.clampBounds)
    for (String input : c.inputs()) {
      for (String suffix : BOUND_SUFFIXES) {
        derivedNames.put(
            suffix + ":" + input, names.newName(input + suffix, "bound " + suffix + ":" + input));
      }
    }
  }

  /** What the locals holding an input's clamp bounds append to its name: below, above. */
  private static final List<String> BOUND_SUFFIXES = List.of("Floor", "Ceiling");

  /** What a learnable parameter's derived names append to its field name. */
  private static final List<String> DERIVED_SUFFIXES = List.of("Init", "Values", "Acc", "Grad");

  /**
   * What a constant parameter's low part appends to its field name: what rounding it to float took
   * off, which float lanes read where they hold a product with it in two floats ({@link
   * Lowering#compensatedFactor}).
   */
  private static final String LOW_PART = "Lo";

  /**
   * The name derived from parameter {@code param}'s field with {@code suffix}: a learnable one's
   * initial value ({@code Init}), per-channel values ({@code Values}), gradient accumulator and
   * gradient ({@code Acc}, {@code Grad}); a constant one's low part ({@code Lo}); and for an input
   * instead of a parameter, its clamp bounds ({@code Floor}, {@code Ceiling}).
   */
  String derived(String param, String suffix) {
    String name = derivedNames.get(suffix + ":" + param);
    if (name == null) {
      throw new IllegalArgumentException("no " + suffix + " name for " + param);
    }
    return name;
  }

  /**
   * The Java files for one activation: the layer class, then, when {@code vectorApi} (the
   * compilation can see {@code jdk.incubator.vector}) and the formulas allow it, its vector
   * kernels. The layer refers to the kernels by name only.
   */
  public static List<JavaFile> write(CompiledActivation compiled, boolean vectorApi) {
    LayerWriter w = new LayerWriter(compiled, vectorApi);
    if (w.scalarReason != null) {
      return List.of(w.file());
    }
    // the kernels first: the layer's constructor picks between their classes
    List<JavaFile> kernels = VectorKernelWriter.write(w, w.layer, w.exactProductParams);
    List<JavaFile> files = new ArrayList<>(List.of(w.file()));
    files.addAll(kernels);
    return files;
  }

  private JavaFile file() {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(layer)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .superclass(c.isGated() ? RuntimeTypes.GATED_LAYER : RuntimeTypes.UNARY_LAYER)
            .addJavadoc(Javadocs.wrap(javadoc(), Javadocs.TYPE_WIDTH))
            .addAnnotation(
                AnnotationSpec.builder(RuntimeTypes.GENERATED)
                    .addMember("value", "$S", RuntimeTypes.PROCESSOR)
                    .addMember("comments", "$S", "formula: " + writtenFormula())
                    .build())
            .addField(
                FieldSpec.builder(
                        String.class, "NAME", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                    .addJavadoc("The registry name.\n")
                    .initializer("$S", c.spec().name())
                    .build())
            .addField(
                FieldSpec.builder(
                        RuntimeTypes.ACTIVATION_INFO,
                        "INFO",
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                    .initializer(info())
                    .build());
    if (c.spec().type() != null) {
      type.addOriginatingElement(c.spec().type()); // incremental builds: regenerate with it
    }
    if (c.clampInfinity()) {
      type.addField(
          FieldSpec.builder(
                  double.class, "INPUT_LIMIT", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc(
                  "Where an infinite input would give inf * 0, it is clamped to +-2^128: beyond every float, so\n"
                      + "finite inputs are untouched, and small enough that powers up to x^7 stay finite in double,\n"
                      + "so inf * 0 cannot reappear.\n")
              .initializer("0x1p128")
              .build());
    }
    addParameterFields(type);
    addConstructors(type);
    type.addMethod(
        MethodSpec.methodBuilder("name")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return NAME")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("info")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(RuntimeTypes.ACTIVATION_INFO)
            .addStatement("return INFO")
            .build());
    type.addMethod(newLayer());
    if (c.isGated()) {
      new GatedKernels(this).addTo(type);
    } else {
      new UnaryKernels(this).addTo(type);
    }
    type.alwaysQualify(shadowedTypeNames());
    return JavaFile.builder(c.spec().packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /**
   * The names of {@link #TYPE_NAMES} that a type of the spec's own package also has: a class {@code
   * Math} beside the spec would be the {@code Math} of the generated {@code Math.max(...)}, so
   * JavaPoet writes {@code java.lang.Math} there.
   */
  String[] shadowedTypeNames() {
    if (c.spec().type() == null) {
      return new String[0];
    }
    Element e = c.spec().type();
    while (e.getKind() != ElementKind.PACKAGE) {
      e = e.getEnclosingElement();
    }
    List<String> shadowed = new ArrayList<>();
    for (Element member : e.getEnclosedElements()) {
      String simple = member.getSimpleName().toString();
      if (TYPE_NAMES.contains(simple) && !shadowed.contains(simple)) {
        shadowed.add(simple);
      }
    }
    return shadowed.toArray(new String[0]);
  }

  // ---- shared pieces used by the kernel writers ----

  CompiledActivation compiled() {
    return c;
  }

  List<ParamSpec> params() {
    return params;
  }

  String field(String param) {
    return fieldNames.get(param);
  }

  /**
   * Declares the bounds of inputs clamped for some parameter signs only ({@link
   * Lowering#clampBounds}); before the inputs are read.
   */
  static void declareBounds(MethodSpec.Builder m, Lowering l) {
    for (CodeBlock b : l.clampBounds()) {
      m.addStatement(b);
    }
  }

  /** Locals that bring parameters into a method body, in the method's precision. */
  List<CodeBlock> hoistParams(boolean inDouble, boolean perElementChannels, List<Expr> used) {
    return hoistParams(inDouble, perElementChannels, used, Set.of());
  }

  /**
   * As {@link #hoistParams(boolean, boolean, List)}, and for each parameter in {@code lowParts}
   * (float lanes hold a product with it in two floats, {@link Lowering#lowParams}) also what
   * rounding it to float took off ({@code <name>Lo}).
   */
  List<CodeBlock> hoistParams(
      boolean inDouble, boolean perElementChannels, List<Expr> used, Set<String> lowParts) {
    Set<String> usedNames = new java.util.HashSet<>();
    for (Expr e : used) {
      usedNames.addAll(Exprs.variables(e));
    }
    List<CodeBlock> out = new ArrayList<>();
    String t = inDouble ? "double" : "float";
    for (ParamSpec p : params) {
      if (!usedNames.contains(p.name())) {
        continue;
      }
      String f = field(p.name());
      if (!p.learnable()) {
        out.add(
            inDouble
                ? CodeBlock.of("double $N = this.$N", f, f)
                : CodeBlock.of("float $N = (float) this.$N", f, f));
        if (lowParts.contains(p.name())) {
          out.add(
              CodeBlock.of("float $N = (float) (this.$N - $N)", derived(p.name(), LOW_PART), f, f));
        }
      } else if (p.perChannel() && perElementChannels) {
        out.add(
            CodeBlock.of("float[] $N = this.$N.value().data()", derived(p.name(), "Values"), f));
      } else {
        out.add(CodeBlock.of("$L $N = this.$N.value().data()[0]", t, f, f));
      }
    }
    return out;
  }

  /** Per-element locals for per-channel parameters inside a loop over {@code first + i}. */
  List<CodeBlock> perChannelLocals(boolean inDouble, List<Expr> used) {
    Set<String> usedNames = new java.util.HashSet<>();
    for (Expr e : used) {
      usedNames.addAll(Exprs.variables(e));
    }
    List<CodeBlock> out = new ArrayList<>();
    for (ParamSpec p : params) {
      if (p.learnable() && p.perChannel() && usedNames.contains(p.name())) {
        String f = field(p.name());
        out.add(
            CodeBlock.of(
                "$L $N = $N[channelOf(first + i)]",
                inDouble ? "double" : "float",
                f,
                derived(p.name(), "Values")));
      }
    }
    return out;
  }

  /** The formula names of the parameters. */
  Set<String> paramNames() {
    Set<String> out = new TreeSet<>();
    for (ParamSpec p : params) {
      out.add(p.name());
    }
    return out;
  }

  /** Variable names for lowering: inputs, output and parameters. */
  Map<String, String> names(Map<String, String> vars) {
    Map<String, String> names = new LinkedHashMap<>(vars);
    for (ParamSpec p : params) {
      names.put(p.name(), field(p.name()));
      if (!p.learnable()) {
        names.put(Lowering.lowPartKey(p.name()), derived(p.name(), LOW_PART));
      }
    }
    for (String input : c.inputs()) {
      names.put(Lowering.boundKey(input, false), derived(input, BOUND_SUFFIXES.get(0)));
      names.put(Lowering.boundKey(input, true), derived(input, BOUND_SUFFIXES.get(1)));
    }
    return names;
  }

  /** The clamping a kernel over {@code exprs} needs so that infinite inputs give limits. */
  InfiniteClamp infiniteClamp(List<Expr> exprs) {
    return c.clampInfinity()
        ? Lowering.infiniteClamp(c.spec(), c.inputs(), c.forwardEval(), exprs)
        : InfiniteClamp.NONE;
  }

  /**
   * Whether a kernel over {@code exprs} computes in double: for transcendental functions, and when
   * it clamps an input (2^128 is no float).
   */
  boolean inDouble(List<Expr> exprs) {
    return Lowering.needsDouble(exprs) || beyondFloat(exprs) || !infiniteClamp(exprs).isEmpty();
  }

  /**
   * Whether {@code exprs} hold a number, or read a parameter whose default is one, that float
   * cannot hold: finite but beyond the float range, or nonzero but 0 in float. Float code would
   * compute with inf or 0 in its place ({@code 1e39 * x} is NaN at x = 0 and inf at 1e-45, where
   * the formula is 0 and 1.4e-6), so such kernels compute in double, scalar and vector alike.
   */
  boolean beyondFloat(List<Expr> exprs) {
    Map<String, Double> defaults = new LinkedHashMap<>();
    for (ParamSpec p : params) {
      defaults.put(p.name(), p.value());
    }
    for (Expr e : exprs) {
      if (beyondFloat(e, defaults)) {
        return true;
      }
    }
    return false;
  }

  private static boolean beyondFloat(Expr e, Map<String, Double> defaults) {
    if (e instanceof Expr.Num) {
      return notAFloat(((Expr.Num) e).value());
    } else if (e instanceof Expr.Var && defaults.containsKey(((Expr.Var) e).name())) {
      return notAFloat(defaults.get(((Expr.Var) e).name()));
    }
    for (Expr child : Exprs.children(e)) {
      if (beyondFloat(child, defaults)) {
        return true;
      }
    }
    return false;
  }

  private static boolean notAFloat(double v) {
    float f = (float) v;
    return Double.isFinite(v) && Float.isInfinite(f) || v != 0 && f == 0;
  }

  /**
   * A Vector API lowering of {@code exprs} whose lanes are the inputs in {@code vars} (formula name
   * to Java name), in double or float lanes; {@code floatSpecies} names float lanes' species in
   * {@code VectorConstants}.
   */
  Lowering vectorLowering(
      List<Expr> exprs,
      Map<String, String> vars,
      boolean inDouble,
      String floatSpecies,
      boolean roundedFurther) {
    // float lanes compute SiLU's derivative as sigmoid(u) swish_gain(u), whose limit at +inf
    // needs no clamp (the written sum is inf * 0 there), so the forward keeps its +inf
    InfiniteClamp clamp =
        infiniteClamp(
            inDouble || roundedFurther
                ? exprs
                : exprs.stream().map(Lowering::swishGainForm).toList());
    Map<String, String> names = new LinkedHashMap<>(vars);
    if (c.storage() == BackwardStorage.MASK) {
      names.put("maskOn", "maskOn");
      names.put("maskOff", "maskOff");
    }
    Lowering l =
        Lowering.vector(
            inDouble,
            names(names),
            c.clampSelects(),
            Set.copyOf(c.inputs()),
            vars.keySet(),
            floatSpecies,
            LOCAL_PREFIX,
            clamp);
    if (roundedFurther) {
      l.roundedFurther();
    }
    l.shareCommon(exprs);
    return l;
  }

  /**
   * Whether Vector API kernels of {@code exprs} compute in double lanes: where a transcendental
   * function would lose accuracy in float (see {@link Lowering#floatLanesSuffice}), and where plain
   * arithmetic on large inputs would overflow float on the way to a finite result ({@code x * 6 /
   * 6} at x = 1e38, see {@link FloatOverflow}). A clamped infinite input is no reason by itself:
   * float lanes clamp to the largest float, which the overflow probe covers.
   */
  boolean vectorInDouble(List<Expr> exprs) {
    if (beyondFloat(exprs)
        || Lowering.needsDouble(exprs) && !Lowering.floatLanesSuffice(exprs, paramNames())) {
      return true;
    }
    // with functions too: ISRU's x / sqrt(1 + x^2) is 0 in float lanes from x = 1.8e19, not 1
    return FloatOverflow.inIntermediates(
        c.spec().params(),
        c.inputs(),
        c.forwardEval(),
        exprs.stream().map(Lowering::divideBeforeMultiplying).toList());
  }

  /** The backward factor in evaluation mode, as one expression of x (and y for output storage). */
  Expr evalFactor() {
    if (c.storage() == BackwardStorage.MASK) {
      CompiledActivation.Mask mask = c.mask();
      return evalForm(
          new Expr.Select(mask.condition(), new Expr.Var("maskOn"), new Expr.Var("maskOff")));
    }
    return evalForm(c.backward());
  }

  /** The vector kernels' class, or null when the layer keeps only its scalar kernels. */
  ClassName vectorKernels() {
    return scalarReason == null ? VectorKernelWriter.nameFor(layer) : null;
  }

  Lowering lowering(List<Expr> exprs, Map<String, String> vars, boolean withDraws) {
    InfiniteClamp clamp = infiniteClamp(exprs);
    boolean inDouble = Lowering.needsDouble(exprs) || beyondFloat(exprs) || !clamp.isEmpty();
    Lowering l =
        new Lowering(
            inDouble,
            names(vars),
            c.clampSelects(),
            Set.copyOf(c.inputs()),
            withDraws ? "key" : null,
            withDraws ? "first + i" : null,
            c.draws(),
            LOCAL_PREFIX,
            clamp);
    l.shareCommon(exprs);
    return l;
  }

  /** The evaluation-mode form of an expression (draws replaced by their means). */
  static Expr evalForm(Expr e) {
    return Simplifier.simplifyAll(Exprs.withoutDraws(e));
  }

  private void addParameterFields(TypeSpec.Builder type) {
    for (ParamSpec p : params) {
      String f = field(p.name());
      if (p.learnable()) {
        type.addField(
            FieldSpec.builder(
                    double.class, derived(p.name(), "Init"), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The initial value of learnable parameter {@code $L}.\n", p.name())
                .build());
        type.addField(
            FieldSpec.builder(RuntimeTypes.PARAMETER, f, Modifier.PRIVATE)
                .addJavadoc(
                    p.perChannel()
                        ? "Learnable, one value per channel; sized by {@link #build}.\n"
                        : "Learnable, one shared value.\n")
                .build());
      } else {
        type.addField(FieldSpec.builder(double.class, f, Modifier.PRIVATE, Modifier.FINAL).build());
      }
    }
    if (c.storage() == BackwardStorage.MASK) {
      type.addField(
          FieldSpec.builder(float.class, "maskOn", Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc(
                  "The backward factor where the mask bit is set: $L.\n",
                  javadocText(Printer.print(c.mask().on())))
              .build());
      type.addField(
          FieldSpec.builder(float.class, "maskOff", Modifier.PRIVATE, Modifier.FINAL)
              .addJavadoc(
                  "The backward factor where the mask bit is clear: $L.\n",
                  javadocText(Printer.print(c.mask().off())))
              .build());
    }
  }

  private void addConstructors(TypeSpec.Builder type) {
    if (!params.isEmpty()) {
      List<CodeBlock> defaults = new ArrayList<>();
      for (ParamSpec p : params) {
        defaults.add(Lowering.javaDouble(p.value()));
      }
      type.addMethod(
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PUBLIC)
              .addJavadoc("With the declared defaults.\n")
              .addStatement("this($L)", CodeBlock.join(defaults, ",$W"))
              .build());
    }
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
    if (params.isEmpty()) {
      ctor.addJavadoc("The activation has no parameters.\n");
    } else {
      ctor.addJavadoc(
          "With the given parameter values (initial values for learnable ones).\n\n"
              + "@throws $T if a value is NaN or infinite, as a declared default may\n"
              + "    not be, or beyond the float range where the declared default is a float\n",
          IllegalArgumentException.class);
    }
    for (ParamSpec p : params) {
      String f = field(p.name());
      ctor.addParameter(double.class, f);
      // the processor refuses a non-finite default; a value passed here would reach every
      // element as NaN, far from the call that caused it
      if (notAFloat(p.value())) {
        // the default itself is no float, so every kernel reading it computes in double
        ctor.beginControlFlow("if (!$T.isFinite($N))", Double.class, f)
            .addStatement(
                "throw new $T($Z$L$W+ $N)",
                IllegalArgumentException.class,
                wrappableString(
                    c.spec().name() + ": parameter " + p.name() + " must be finite, got "),
                f)
            .endControlFlow();
      } else {
        // kernels chosen for a float default may read the value as a float (beyondFloat), where
        // 1e39 would be inf and 1e-50 would be 0
        ctor.beginControlFlow(
                "if (!$T.isFinite($N)$W|| $T.isInfinite((float) $N)$W|| $N != 0 && (float) $N == 0)",
                Double.class,
                f,
                Float.class,
                f,
                f,
                f)
            .addStatement(
                "throw new $T($Z$L$W+ $N)",
                IllegalArgumentException.class,
                wrappableString(
                    c.spec().name()
                        + ": parameter "
                        + p.name()
                        + " must be finite and a float (0, or 1.4e-45 to 3.4e38 in magnitude), got "),
                f)
            .endControlFlow();
      }
    }
    for (ParamSpec p : params) {
      String f = field(p.name());
      if (p.learnable()) {
        ctor.addStatement("this.$N = $N", derived(p.name(), "Init"), f);
        ctor.addStatement(
            "this.$N = $T.trainable($S, $T.zeros(1).fill((float) $N), false)",
            f,
            RuntimeTypes.PARAMETER,
            p.name(),
            RuntimeTypes.TENSOR,
            f);
      } else {
        ctor.addStatement("this.$N = $N", f, f);
      }
    }
    if (c.storage() == BackwardStorage.MASK) {
      // The two factor values are element-independent: computed once, from the fields.
      List<Expr> values = List.of(c.mask().on(), c.mask().off());
      boolean inDouble = Lowering.needsDouble(values) || beyondFloat(values);
      Map<String, String> fields = new LinkedHashMap<>();
      for (ParamSpec p : params) {
        fields.put(
            p.name(), inDouble ? "this." + field(p.name()) : "(float) this." + field(p.name()));
      }
      Lowering l =
          new Lowering(
              inDouble, fields, false, Set.of(), null, null, 0, LOCAL_PREFIX, InfiniteClamp.NONE);
      l.shareCommon(values);
      CodeBlock on = l.lower(c.mask().on());
      CodeBlock off = l.lower(c.mask().off());
      for (CodeBlock s : l.statements()) {
        ctor.addStatement(s);
      }
      ctor.addStatement("this.maskOn = $L", castToFloat(l, on));
      ctor.addStatement("this.maskOff = $L", castToFloat(l, off));
    }
    if (scalarReason == null) {
      List<CodeBlock> args = new ArrayList<>();
      args.add(CodeBlock.of("$T.lookup()", MethodHandles.class));
      CodeBlock kernels = CodeBlock.of("$S", VectorKernelWriter.nameFor(layer).simpleName());
      if (!exactProductParams.isEmpty()) {
        // a product with a power of two is exact in float: the kernels without its low part
        List<CodeBlock> values = new ArrayList<>();
        for (String p : exactProductParams) {
          values.add(CodeBlock.of("$N", field(p)));
        }
        kernels =
            CodeBlock.of(
                "$T.powersOfTwo($L)$W? $S$W: $L",
                RuntimeTypes.KERNEL_PROVIDER,
                CodeBlock.join(values, ",$W"),
                VectorKernelWriter.exactNameFor(layer).simpleName(),
                kernels);
      }
      args.add(kernels);
      for (String a : VectorKernelWriter.constructorArgs(this)) {
        args.add(CodeBlock.of("$N", a));
      }
      ctor.addStatement(
          "vectorKernel($T.$L($L))",
          RuntimeTypes.KERNEL_PROVIDER,
          c.isGated() ? "gated" : "unary",
          CodeBlock.join(args, ",$W"));
    }
    type.addMethod(ctor.build());
    if (params.stream().anyMatch(ParamSpec::learnable)) {
      MethodSpec.Builder parameters =
          MethodSpec.methodBuilder("parameters")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(
                  ParameterizedTypeName.get(ClassName.get(List.class), RuntimeTypes.PARAMETER));
      List<CodeBlock> list = new ArrayList<>();
      for (ParamSpec p : params) {
        if (p.learnable()) {
          list.add(CodeBlock.of("$N", field(p.name())));
        }
      }
      parameters.addStatement("return $T.of($L)", List.class, CodeBlock.join(list, ",$W"));
      type.addMethod(parameters.build());
    }
    if (params.stream().anyMatch(p -> p.learnable() && p.perChannel())) {
      MethodSpec.Builder build =
          MethodSpec.methodBuilder("buildParameters")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PROTECTED)
              .addParameter(int.class, "channels");
      for (ParamSpec p : params) {
        if (p.learnable() && p.perChannel()) {
          String f = field(p.name());
          build.addStatement(
              "$N = $T.trainable($S, $T.zeros(channels).fill((float) $N), false)",
              f,
              RuntimeTypes.PARAMETER,
              p.name(),
              RuntimeTypes.TENSOR,
              derived(p.name(), "Init"));
        }
      }
      type.addMethod(build.build());
    }
  }

  static CodeBlock castToFloat(Lowering l, CodeBlock value) {
    return l.type().equals("double") ? CodeBlock.of("(float) ($L)", value) : value;
  }

  private MethodSpec newLayer() {
    List<CodeBlock> args = new ArrayList<>();
    for (ParamSpec p : params) {
      args.add(CodeBlock.of("$N", p.learnable() ? derived(p.name(), "Init") : field(p.name())));
    }
    return MethodSpec.methodBuilder("newLayer")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "A fresh layer with this one's parameter values (learnable ones at their initial values).\n")
        .returns(layer)
        .addStatement("return new $T($L)", layer, CodeBlock.join(args, ",$W"))
        .build();
  }

  /** The longest piece {@link #wrappableString} leaves a long string literal in. */
  private static final int LITERAL_PIECE = 64;

  /**
   * {@code text} as a string literal that JavaPoet can wrap at 100 columns: longer than {@link
   * #LITERAL_PIECE} characters, it is split after spaces into pieces joined by {@code +}, one
   * constant expression that javac folds back into the same string.
   */
  static CodeBlock wrappableString(String text) {
    List<CodeBlock> pieces = new ArrayList<>();
    int start = 0;
    while (text.length() - start > LITERAL_PIECE) {
      // each piece keeps the space it ends at
      int space = Javadocs.breakingSpace(text, start, LITERAL_PIECE - 1);
      if (space < 0) {
        break;
      }
      pieces.add(CodeBlock.of("$S", text.substring(start, space + 1)));
      start = space + 1;
    }
    pieces.add(CodeBlock.of("$S", text.substring(start)));
    return CodeBlock.join(pieces, "$W+ ");
  }

  private CodeBlock info() {
    List<CodeBlock> paramInfos = new ArrayList<>();
    for (ParamSpec p : params) {
      paramInfos.add(
          CodeBlock.of(
              "new $T($S, $L, $L, $L)",
              RuntimeTypes.PARAM_INFO,
              p.name(),
              Lowering.javaDouble(p.value()),
              p.learnable(),
              p.perChannel()));
    }
    List<CodeBlock> rewrites = new ArrayList<>();
    for (String r : c.rewrites()) {
      rewrites.add(wrappableString(r));
    }
    return CodeBlock.builder()
        .add("new $T(\n", RuntimeTypes.ACTIVATION_INFO)
        .indent()
        .indent()
        .add("NAME,\n")
        .add("$L,\n", wrappableString(writtenFormula()))
        .add("$L,\n", wrappableString(Printer.print(c.forwardEval())))
        .add("$L,\n", wrappableString(backwardText()))
        .add("$T.$L,\n", RuntimeTypes.ORIGIN, c.origin().name())
        .add("$T.$L,\n", RuntimeTypes.BACKWARD_STORAGE, c.storage().name())
        .add("$T.of($L),\n", List.class, CodeBlock.join(paramInfos, ",$W"))
        .add("$L,\n", c.inputs().size())
        .add("$L,\n", c.isStochastic())
        .add("$T.of($L),\n", List.class, CodeBlock.join(rewrites, ",$W"))
        .add("$L)", wrappableString(c.spec().description()))
        .unindent()
        .unindent()
        .build();
  }

  /**
   * The forward formula as the author wrote it, with the {@code negativeSlope} attribute spelled
   * out: {@code max(x, 0) + slope * min(x, 0)} for Leaky ReLU.
   */
  private String writtenFormula() {
    String formula = c.spec().formula().text();
    String slope = c.spec().negativeSlope().text().trim();
    if (slope.isEmpty()) {
      return formula;
    }
    boolean simple = slope.matches("[A-Za-z_][A-Za-z0-9_]*|[0-9.eE+-]+|[a-z]+\\([^()]*\\)");
    return formula + " + " + (simple ? slope : "(" + slope + ")") + " * min(x, 0)";
  }

  private String backwardText() {
    if (c.isGated()) {
      return "df/da = "
          + Printer.print(c.gradients().get(0))
          + "; df/db = "
          + Printer.print(c.gradients().get(1));
    }
    return Printer.print(c.backward());
  }

  private String javadoc() {
    StringBuilder d = new StringBuilder();
    d.append("{@code ")
        .append(javadocText(c.spec().name()))
        .append("}: generated by Rectify from the {@code @Activation} on {@code ")
        .append(c.spec().qualifiedName())
        .append("}.\n");
    if (!c.spec().description().isEmpty()) {
      d.append("\n<p>").append(javadocText(c.spec().description())).append("\n");
    }
    d.append("\n<pre>\n");
    line(d, "formula", writtenFormula());
    if (c.isStochastic()) {
      line(d, "evaluation", Printer.print(c.forwardEval()));
    }
    if (c.isGated()) {
      line(d, "df/da", Printer.print(c.gradients().get(0)));
      line(d, "df/db", Printer.print(c.gradients().get(1)));
    } else {
      line(d, "backward", Printer.print(c.backward()));
      line(d, "from", origin());
    }
    line(d, "storage", storage());
    line(
        d,
        "kernels",
        scalarReason == null
            ? "scalar loops, and "
                + VectorKernelWriter.nameFor(layer).simpleName()
                + (exactProductParams.isEmpty()
                    ? ""
                    : " (or "
                        + VectorKernelWriter.exactNameFor(layer).simpleName()
                        + " when "
                        + String.join(" and ", exactProductParams)
                        + (exactProductParams.size() == 1 ? " is a power" : " are powers")
                        + " of two)")
                + " on the Vector API when jdk.incubator.vector is enabled"
            : "scalar loops only: " + scalarReason);
    for (String r : c.rewrites()) {
      line(d, "rewrite", r);
    }
    d.append("</pre>\n");
    return d.toString();
  }

  private String origin() {
    switch (c.origin()) {
      case SYMBOLIC:
        return "the symbolic derivative of the formula";
      case DECLARED:
        return "the declared derivative, checked against the symbolic one";
      case SURROGATE:
        return "the symbolic derivative of the surrogate "
            + c.spec().surrogate().text()
            + " (SUGAR)";
      case SURROGATE_DERIVATIVE:
        return "the declared surrogate derivative (SUGAR)";
    }
    throw new AssertionError(c.origin());
  }

  private String storage() {
    switch (c.storage()) {
      case MASK:
        return "1 bit per element: "
            + Printer.print(c.mask().condition())
            + " ? "
            + Printer.print(c.mask().on())
            + " : "
            + Printer.print(c.mask().off());
      case OUTPUT:
        return "the output y (the derivative is stated in terms of y)";
      case INPUT:
        return c.isStochastic()
            ? "the input x; random draws are re-created from the step's key"
            : "the input x";
      case BF16_FACTOR:
        return "the backward factor, computed in forward and rounded to bfloat16 (2 bytes per element)";
      case FACTOR:
        return "the backward factor, computed in forward with y and rounded to float";
    }
    throw new AssertionError(c.storage());
  }

  private static void line(StringBuilder d, String label, String text) {
    d.append(String.format("%-11s", label + ":")).append(javadocText(text)).append("\n");
  }

  /** Text safe inside a javadoc comment: no comment end, no tags, no HTML, no unicode escapes. */
  static String javadocText(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&':
          b.append("&amp;");
          break;
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        case '@':
          b.append("&#64;");
          break;
        case '\\':
          b.append("&#92;");
          break;
        case '/':
          b.append(i > 0 && s.charAt(i - 1) == '*' ? "&#47;" : "/");
          break;
        case '{':
          b.append("&#123;");
          break;
        case '}':
          b.append("&#125;");
          break;
        case '$':
          b.append("$$");
          break;
        default:
          b.append(ch < 0x20 || ch == 0x7f ? ' ' : ch);
      }
    }
    return b.toString();
  }
}
