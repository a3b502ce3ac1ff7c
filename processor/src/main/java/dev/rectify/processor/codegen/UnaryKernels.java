package dev.rectify.processor.codegen;

import static dev.rectify.processor.codegen.LayerWriter.castToFloat;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.rectify.nn.BackwardStorage;
import dev.rectify.processor.compile.CompiledActivation;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.lower.Lowering;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import dev.rectify.processor.symbolic.Exprs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** The kernels of a one-input activation: scalar methods, array loops, forward and backward. */
final class UnaryKernels {
  private final LayerWriter w;
  private final CompiledActivation c;
  private final boolean hasPerChannel;

  UnaryKernels(LayerWriter w) {
    this.w = w;
    this.c = w.compiled();
    this.hasPerChannel = c.spec().params().stream().anyMatch(p -> p.learnable() && p.perChannel());
  }

  void addTo(TypeSpec.Builder type) {
    type.addMethod(applyScalar());
    type.addMethod(gradientScalar());
    type.addMethod(gradientArray());
    type.addMethod(forwardEval());
    if (c.storage() == BackwardStorage.MASK) {
      type.addMethod(forwardTrainMask());
    } else if (c.isStochastic()) {
      type.addMethod(forwardTrainDraws());
    }
    if (c.storage() == BackwardStorage.BF16_FACTOR || c.storage() == BackwardStorage.FACTOR) {
      // backward is the runtime's: dz = dy * the stored factor
      type.addMethod(forwardTrainFactor());
    } else {
      type.addMethod(backward());
    }
    if (!c.paramGradients().isEmpty()) {
      type.addMethod(parameterGradients());
    }
  }

  private MethodSpec applyScalar() {
    Expr f = c.forwardEval();
    boolean inDouble = w.inDouble(List.of(f));
    Lowering l = w.lowering(List.of(f), Map.of("x", inDouble ? "xv" : "x"), false);
    CodeBlock v = l.lower(f);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("apply")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(float.class)
            .addParameter(float.class, "x");
    if (inDouble) {
      LayerWriter.declareBounds(m, l);
      m.addStatement("double xv = $L", l.input("x", "x"));
    }
    body(m, l, List.of(f), false);
    return m.addStatement("return $L", castToFloat(l, v)).build();
  }

  private Expr evalFactor() {
    return w.evalFactor();
  }

  private MethodSpec gradientScalar() {
    Expr g = evalFactor();
    boolean inDouble = w.inDouble(List.of(g));
    Lowering l =
        w.lowering(
            List.of(g),
            Map.of("x", inDouble ? "xv" : "x", "y", "y", "maskOn", "maskOn", "maskOff", "maskOff"),
            false);
    CodeBlock v = l.lower(g);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("gradient")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(float.class)
            .addParameter(float.class, "x");
    if (c.storage() == BackwardStorage.OUTPUT) {
      // y is rounded to float first: the same value backward reads from the stored output.
      m.addStatement("$L y = apply(x)", inDouble ? "double" : "float");
    }
    if (inDouble && Exprs.uses(g, "x")) {
      LayerWriter.declareBounds(m, l);
      m.addStatement("double xv = $L", l.input("x", "x"));
    }
    body(m, l, List.of(g), false);
    return m.addStatement("return $L", factorToFloat(l, g, v)).build();
  }

  private MethodSpec gradientArray() {
    Expr g = evalFactor();
    boolean output = c.storage() == BackwardStorage.OUTPUT;
    Lowering l =
        w.lowering(
            List.of(g),
            Map.of("x", "xv", "y", "yv", "maskOn", "maskOn", "maskOff", "maskOff"),
            false);
    CodeBlock v = l.lower(g);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("gradient")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xOff")
            .addParameter(float[].class, "g")
            .addParameter(int.class, "gOff")
            .addParameter(int.class, "n");
    if (w.vectorKernels() != null) {
      m.addStatement("$T vector = vectorKernel()", RuntimeTypes.UNARY_KERNEL);
      m.beginControlFlow("if (vector != null)");
      m.addStatement("vector.gradient(x, xOff, g, gOff, n)");
      m.addStatement("return");
      m.endControlFlow();
    }
    if (output) {
      // y first, as backward reads it from the stored float output; then the factor, in place,
      // in the precision backward computes it in
      m.addStatement("forwardEval(x, xOff, g, gOff, n, 0)");
    }
    hoist(m, l, List.of(g), false);
    m.beginControlFlow("for (int i = 0; i < n; i++)");
    if (output) {
      m.addStatement("$L yv = g[gOff + i]", l.type());
    } else {
      m.addStatement("$L xv = $L", l.type(), l.input("x", "x[xOff + i]"));
    }
    for (CodeBlock s : l.statements()) {
      m.addStatement(s);
    }
    m.addStatement("g[gOff + i] = $L", factorToFloat(l, g, v));
    m.endControlFlow();
    return m.build();
  }

  private MethodSpec forwardEval() {
    Expr f = c.forwardEval();
    Lowering l = w.lowering(List.of(f), Map.of("x", "xv"), false);
    CodeBlock v = l.lower(f);
    MethodSpec.Builder m =
        kernel("forwardEval")
            .addJavadoc(Javadocs.member("y = %s", f))
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xOff")
            .addParameter(float[].class, "y")
            .addParameter(int.class, "yOff")
            .addParameter(int.class, "n")
            .addParameter(int.class, "first");
    hoist(m, l, List.of(f), true);
    m.beginControlFlow("for (int i = 0; i < n; i++)");
    loopBody(m, l, "x[xOff + i]", List.of(f));
    m.addStatement("y[yOff + i] = $L", castToFloat(l, v));
    m.endControlFlow();
    return m.build();
  }

  private MethodSpec forwardTrainMask() {
    Expr f = c.forward();
    Expr cond = c.mask().condition();
    Lowering l = w.lowering(List.of(f, cond), Map.of("x", "xv"), c.isStochastic());
    CodeBlock v = l.lower(f);
    CodeBlock bit = l.lowerCondition(cond);
    MethodSpec.Builder m =
        kernel("forwardTrain").addJavadoc(Javadocs.member("y = %s; mask bit = %s", f, cond));
    trainParameters(m);
    hoist(m, l, List.of(f, cond), true);
    m.beginControlFlow("for (int w = 0; w < n; w += 64)");
    m.addStatement("int end = $T.min(n, w + 64)", Math.class);
    m.addStatement("long bits = 0L");
    m.beginControlFlow("for (int i = w; i < end; i++)");
    loopBody(m, l, "x[xOff + i]", List.of(f, cond));
    m.addStatement("y[yOff + i] = $L", castToFloat(l, v));
    m.addStatement("bits |= (long) $L << (i - w)", bit);
    m.endControlFlow();
    // maskBit is a multiple of 64, so word (maskBit + w) / 64 holds exactly elements w..w+63
    m.addStatement("mask[(maskBit + w) >>> 6] = bits");
    m.endControlFlow();
    return m.build();
  }

  private MethodSpec forwardTrainFactor() {
    Expr f = c.forward();
    Expr g = c.backward();
    Lowering l = w.lowering(List.of(f, g), Map.of("x", "xv"), false);
    CodeBlock v = l.lower(f);
    CodeBlock factor = l.lower(g);
    boolean bf16 = c.storage() == BackwardStorage.BF16_FACTOR;
    MethodSpec.Builder m =
        kernel("forwardTrainFactor")
            .addJavadoc(
                Javadocs.member(bf16 ? "y = %s; factor = bf16(%s)" : "y = %s; factor = %s", f, g))
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xOff")
            .addParameter(float[].class, "y")
            .addParameter(int.class, "yOff")
            .addParameter(bf16 ? short[].class : float[].class, "factor")
            .addParameter(int.class, "factorOff")
            .addParameter(int.class, "n");
    hoist(m, l, List.of(f, g), false);
    m.beginControlFlow("for (int i = 0; i < n; i++)");
    loopBody(m, l, "x[xOff + i]", List.of(f, g));
    if (bf16) {
      m.addStatement(
          "factor[factorOff + i] = $T.round($L)", RuntimeTypes.BF16, castToFloat(l, factor));
    } else {
      m.addStatement("factor[factorOff + i] = $L", castToFloat(l, factor));
    }
    m.addStatement("y[yOff + i] = $L", castToFloat(l, v));
    m.endControlFlow();
    return m.build();
  }

  private MethodSpec forwardTrainDraws() {
    Expr f = c.forward();
    Lowering l = w.lowering(List.of(f), Map.of("x", "xv"), true);
    CodeBlock v = l.lower(f);
    MethodSpec.Builder m =
        kernel("forwardTrain")
            .addJavadoc(
                Javadocs.member(
                    "y = %s, with one set of draws per element from (key, first + i)", f));
    trainParameters(m);
    hoist(m, l, List.of(f), true);
    m.beginControlFlow("for (int i = 0; i < n; i++)");
    loopBody(m, l, "x[xOff + i]", List.of(f));
    m.addStatement("y[yOff + i] = $L", castToFloat(l, v));
    m.endControlFlow();
    return m.build();
  }

  private static void trainParameters(MethodSpec.Builder m) {
    m.addParameter(float[].class, "x")
        .addParameter(int.class, "xOff")
        .addParameter(float[].class, "y")
        .addParameter(int.class, "yOff")
        .addParameter(int.class, "n")
        .addParameter(int.class, "first")
        .addParameter(long.class, "key")
        .addParameter(long[].class, "mask")
        .addParameter(int.class, "maskBit");
  }

  private MethodSpec backward() {
    MethodSpec.Builder m =
        kernel("backward")
            .addParameter(float[].class, "dy")
            .addParameter(int.class, "dyOff")
            .addParameter(float[].class, "saved")
            .addParameter(int.class, "savedOff")
            .addParameter(long[].class, "mask")
            .addParameter(int.class, "maskBit")
            .addParameter(float[].class, "dz")
            .addParameter(int.class, "dzOff")
            .addParameter(int.class, "n")
            .addParameter(int.class, "first")
            .addParameter(long.class, "key");
    if (c.storage() == BackwardStorage.MASK) {
      m.addJavadoc(
          "dz = dy * (mask bit ? maskOn : maskOff), selected exactly with integer bit operations\n");
      m.addStatement("int off = $T.floatToRawIntBits(maskOff)", Float.class);
      m.addStatement("int flip = off ^ $T.floatToRawIntBits(maskOn)", Float.class);
      m.beginControlFlow("for (int i = 0; i < n; i++)");
      m.addStatement("int bit = (int) (mask[(maskBit + i) >>> 6] >>> (i & 63)) & 1");
      m.addStatement(
          "dz[dzOff + i] = dy[dyOff + i] * $T.intBitsToFloat(off ^ (flip & -bit))", Float.class);
      m.endControlFlow();
      return m.build();
    }
    Expr g = c.backward();
    boolean output = c.storage() == BackwardStorage.OUTPUT;
    Lowering l = w.lowering(List.of(g), Map.of("x", "xv", "y", "yv"), c.isStochastic());
    CodeBlock v = l.lower(g);
    m.addJavadoc(
        Javadocs.member("dz = dy * (%s), with " + (output ? "y" : "x") + " read from saved", g));
    hoist(m, l, List.of(g), true);
    m.beginControlFlow("for (int i = 0; i < n; i++)");
    if (output) {
      m.addStatement("$L yv = saved[savedOff + i]", l.type());
      for (CodeBlock s : l.statements()) {
        m.addStatement(s);
      }
    } else {
      loopBody(m, l, "saved[savedOff + i]", List.of(g));
    }
    m.addStatement("dz[dzOff + i] = dy[dyOff + i] * $L", floatFactor(l, v));
    m.endControlFlow();
    return m.build();
  }

  private MethodSpec parameterGradients() {
    List<ParamSpec> learnable = new ArrayList<>();
    for (ParamSpec p : c.spec().params()) {
      if (p.learnable()) {
        learnable.add(p);
      }
    }
    Lowering l = w.lowering(c.paramGradients(), Map.of("x", "xv"), c.isStochastic());
    List<CodeBlock> values = new ArrayList<>();
    for (Expr e : c.paramGradients()) {
      values.add(l.lower(e));
    }
    MethodSpec.Builder m =
        kernel("accumulateParameterGradients")
            .addParameter(float[].class, "dy")
            .addParameter(int.class, "dyOff")
            .addParameter(float[].class, "x")
            .addParameter(int.class, "xOff")
            .addParameter(int.class, "n")
            .addParameter(int.class, "first")
            .addParameter(long.class, "key");
    m.addJavadoc("Accumulates, in double, dLoss/dp = sum of dy * df/dp for each learnable p.\n");
    hoist(m, l, c.paramGradients(), true);
    for (ParamSpec p : learnable) {
      String f = w.field(p.name());
      m.addStatement(
          "double[] $N = new double[this.$N.grad().size()]", w.derived(p.name(), "Acc"), f);
    }
    m.beginControlFlow("for (int i = 0; i < n; i++)");
    loopBody(m, l, "x[xOff + i]", c.paramGradients());
    for (int k = 0; k < learnable.size(); k++) {
      ParamSpec p = learnable.get(k);
      String f = w.field(p.name());
      m.addStatement(
          "$N[$L] += dy[dyOff + i] * ($L)",
          w.derived(p.name(), "Acc"),
          p.perChannel() ? "channelOf(first + i)" : "0",
          values.get(k));
    }
    m.endControlFlow();
    for (ParamSpec p : learnable) {
      String f = w.field(p.name());
      String grad = w.derived(p.name(), "Grad");
      m.addStatement("float[] $N = this.$N.grad().data()", grad, f);
      m.beginControlFlow("for (int c = 0; c < $N.length; c++)", grad);
      m.addStatement("$N[c] += (float) $N[c]", grad, w.derived(p.name(), "Acc"));
      m.endControlFlow();
    }
    return m.build();
  }

  /** The factor as a float, so that backward is exactly dy * gradient(x). */
  private static CodeBlock floatFactor(Lowering l, CodeBlock v) {
    return l.type().equals("double") ? CodeBlock.of("(float) ($L)", v) : CodeBlock.of("($L)", v);
  }

  private static MethodSpec.Builder kernel(String name) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED);
  }

  /** Declares the parameters and the clamp bounds a loop over {@code exprs} reads. */
  private void hoist(MethodSpec.Builder m, Lowering l, List<Expr> exprs, boolean perElement) {
    hoistParams(m, l, exprs, perElement);
    LayerWriter.declareBounds(m, l);
  }

  private void hoistParams(MethodSpec.Builder m, Lowering l, List<Expr> exprs, boolean perElement) {
    for (CodeBlock h :
        w.hoistParams(l.type().equals("double"), perElement && hasPerChannel, exprs)) {
      m.addStatement(h);
    }
  }

  /** A one-element method's body after its input was read (and its bounds declared). */
  private void body(MethodSpec.Builder m, Lowering l, List<Expr> exprs, boolean perElement) {
    hoistParams(m, l, exprs, perElement);
    for (CodeBlock s : l.statements()) {
      m.addStatement(s);
    }
  }

  /** Reads the input, per-channel parameters and shared subexpressions of one element. */
  private void loopBody(MethodSpec.Builder m, Lowering l, String input, List<Expr> exprs) {
    m.addStatement("$L xv = $L", l.type(), l.input("x", input));
    for (CodeBlock s : w.perChannelLocals(l.type().equals("double"), exprs)) {
      m.addStatement(s);
    }
    for (CodeBlock s : l.statements()) {
      m.addStatement(s);
    }
  }

  /**
   * The evaluation-mode factor {@code v} of {@code g} as a float. A mask factor selects between the
   * float fields maskOn and maskOff, a float even where its condition is computed in double.
   */
  private static CodeBlock factorToFloat(Lowering l, Expr g, CodeBlock v) {
    return isMaskSelect(g) ? v : castToFloat(l, v);
  }

  private static boolean isMaskSelect(Expr g) {
    return g instanceof Expr.Select
        && ((Expr.Select) g).then().equals(new Expr.Var("maskOn"))
        && ((Expr.Select) g).otherwise().equals(new Expr.Var("maskOff"));
  }
}
