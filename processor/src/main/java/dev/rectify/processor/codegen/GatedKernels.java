package dev.rectify.processor.codegen;

import static dev.rectify.processor.codegen.LayerWriter.castToFloat;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.rectify.processor.compile.CompiledActivation;
import dev.rectify.processor.formula.Expr;
import dev.rectify.processor.lower.Lowering;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** The kernels of a gated activation f(a, b): scalar methods and the two array loops. */
final class GatedKernels {
  private final LayerWriter w;
  private final CompiledActivation c;

  GatedKernels(LayerWriter w) {
    this.w = w;
    this.c = w.compiled();
  }

  void addTo(TypeSpec.Builder type) {
    type.addMethod(scalar("apply", c.forwardEval()));
    type.addMethod(scalar("gradientA", c.gradients().get(0)));
    type.addMethod(scalar("gradientB", c.gradients().get(1)));
    type.addMethod(forwardEval());
    type.addMethod(backward());
  }

  private MethodSpec scalar(String name, Expr e) {
    boolean inDouble = w.inDouble(List.of(e));
    Lowering l =
        w.lowering(
            List.of(e),
            inDouble ? Map.of("a", "av", "b", "bv") : Map.of("a", "a", "b", "b"),
            false);
    CodeBlock v = l.lower(e);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(name)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(float.class)
            .addParameter(float.class, "a")
            .addParameter(float.class, "b");
    if (inDouble) {
      LayerWriter.declareBounds(m, l);
      m.addStatement("double av = $L", l.input("a", "a"));
      m.addStatement("double bv = $L", l.input("b", "b"));
    }
    for (CodeBlock h : w.hoistParams(l.type().equals("double"), false, List.of(e))) {
      m.addStatement(h);
    }
    for (CodeBlock s : l.statements()) {
      m.addStatement(s);
    }
    return m.addStatement("return $L", castToFloat(l, v)).build();
  }

  private MethodSpec forwardEval() {
    Expr f = c.forwardEval();
    Lowering l = w.lowering(List.of(f), Map.of("a", "av", "b", "bv"), false);
    CodeBlock v = l.lower(f);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("forwardEval")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED)
            .addJavadoc(Javadocs.member("y = %s", f))
            .addParameter(float[].class, "a")
            .addParameter(int.class, "aOff")
            .addParameter(float[].class, "b")
            .addParameter(int.class, "bOff")
            .addParameter(float[].class, "y")
            .addParameter(int.class, "yOff")
            .addParameter(int.class, "n");
    loop(m, l, List.of(f));
    m.addStatement("y[yOff + i] = $L", castToFloat(l, v));
    m.endControlFlow();
    return m.build();
  }

  private MethodSpec backward() {
    Expr da = c.gradients().get(0);
    Expr db = c.gradients().get(1);
    Lowering l = w.lowering(List.of(da, db), Map.of("a", "av", "b", "bv"), false);
    CodeBlock va = l.lower(da);
    CodeBlock vb = l.lower(db);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder("backward")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED)
            .addJavadoc(Javadocs.member("da = dy * (%s); db = dy * (%s)", da, db))
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
    loop(m, l, List.of(da, db));
    m.addStatement("float dyv = dy[dyOff + i]");
    m.addStatement("da[daOff + i] = dyv * $L", factor(l, va));
    m.addStatement("db[dbOff + i] = dyv * $L", factor(l, vb));
    m.endControlFlow();
    return m.build();
  }

  private static CodeBlock factor(Lowering l, CodeBlock v) {
    return l.type().equals("double") ? CodeBlock.of("(float) ($L)", v) : CodeBlock.of("($L)", v);
  }

  private void loop(MethodSpec.Builder m, Lowering l, List<Expr> exprs) {
    for (CodeBlock h : w.hoistParams(l.type().equals("double"), false, exprs)) {
      m.addStatement(h);
    }
    LayerWriter.declareBounds(m, l);
    m.beginControlFlow("for (int i = 0; i < n; i++)");
    m.addStatement("$L av = $L", l.type(), l.input("a", "a[aOff + i]"));
    m.addStatement("$L bv = $L", l.type(), l.input("b", "b[bOff + i]"));
    for (CodeBlock s : l.statements()) {
      m.addStatement(s);
    }
  }
}
