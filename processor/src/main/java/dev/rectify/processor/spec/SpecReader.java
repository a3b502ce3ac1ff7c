package dev.rectify.processor.spec;

import dev.rectify.processor.diag.Message;
import dev.rectify.processor.diag.ValidationReport;
import dev.rectify.processor.formula.Parser;
import dev.rectify.processor.spec.ActivationSpec.Attr;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads an {@code @Activation} annotation mirror into an {@link ActivationSpec} and checks what can
 * be checked without parsing formulas: the target, the registry name, the parameters and attributes
 * that cannot be combined.
 */
public final class SpecReader {
  static final String ACTIVATION = "dev.rectify.spec.Activation";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private final Elements elements;

  public SpecReader(Elements elements) {
    this.elements = elements;
  }

  /** The result: the spec when it could be read, and the findings so far. */
  public record Result(ActivationSpec spec, ValidationReport.Builder report) {}

  public Result read(TypeElement type) {
    AnnotationMirror mirror = findMirror(type);
    ValidationReport.Builder report = ValidationReport.about(type, mirror);
    if (type.getKind() != ElementKind.INTERFACE && type.getKind() != ElementKind.CLASS) {
      report.report(
          Message.BAD_TARGET, null, "belongs on an interface or a class, not on a " + kind(type));
      return new Result(null, report);
    }
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(mirror);
    for (AnnotationValue v : values.values()) {
      if (isErroneous(v)) {
        // javac reports the unresolved name or the wrong type itself; any finding of ours about
        // the placeholder it leaves (a syntax error in "<error>", an unknown parameter) would only
        // confuse, and nothing can be generated from it.
        return new Result(null, report);
      }
    }
    String name = string(values, "name");
    AnnotationValue nameValue = value(values, "name");
    if (name.isEmpty()) {
      name = type.getSimpleName().toString().toLowerCase(Locale.ROOT);
    }
    if (!NAME.matcher(name).matches()) {
      report.report(Message.INVALID_NAME, nameValue, printable(name));
    }
    List<ParamSpec> params = readParams(values, report);
    Attr formula = attr(values, "formula");
    Attr derivative = attr(values, "derivative");
    Attr surrogate = attr(values, "surrogate");
    Attr surrogateDerivative = attr(values, "surrogateDerivative");
    conflict(
        report,
        derivative,
        surrogate,
        "the backward pass uses either the formula's derivative or a surrogate's");
    conflict(
        report,
        derivative,
        surrogateDerivative,
        "the backward pass uses either the formula's derivative or a surrogate's");
    conflict(
        report,
        surrogate,
        surrogateDerivative,
        "give the surrogate function or its derivative, not both");
    ActivationSpec spec =
        new ActivationSpec(
            type,
            type.getQualifiedName().toString(),
            mirror,
            elements.getPackageOf(type).getQualifiedName().toString(),
            layerName(type),
            name,
            formula,
            derivative,
            surrogate,
            surrogateDerivative,
            attr(values, "negativeSlope"),
            params,
            value(values, "params"),
            string(values, "description"));
    return new Result(spec, report);
  }

  private List<ParamSpec> readParams(
      Map<? extends ExecutableElement, ? extends AnnotationValue> values,
      ValidationReport.Builder report) {
    List<ParamSpec> params = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> list =
        (List<? extends AnnotationValue>) value(values, "params").getValue();
    for (AnnotationValue v : list) {
      AnnotationMirror p = (AnnotationMirror) v.getValue();
      Map<? extends ExecutableElement, ? extends AnnotationValue> pv =
          elements.getElementValuesWithDefaults(p);
      String name = string(pv, "name");
      double value = (Double) value(pv, "value").getValue();
      boolean learnable = (Boolean) value(pv, "learnable").getValue();
      boolean perChannel = (Boolean) value(pv, "perChannel").getValue();
      if (!SourceVersion.isIdentifier(name) || name.contains("$")) {
        report.report(Message.INVALID_PARAM_NAME, v, printable(name));
        continue;
      }
      if (Parser.isReserved(name)) {
        report.report(Message.RESERVED_NAME, v, name, reason(name));
        continue;
      }
      if (!seen.add(name)) {
        report.report(Message.DUPLICATE_PARAM, v, name);
        continue;
      }
      if (!Double.isFinite(value)) {
        report.report(Message.INVALID_PARAM_VALUE, v, name, value);
      }
      if (perChannel && !learnable) {
        report.report(
            Message.UNSUPPORTED,
            v,
            "parameter '"
                + name
                + "' is perChannel but not learnable; only learnable parameters"
                + " can differ per channel");
      }
      params.add(new ParamSpec(name, value, learnable, perChannel, v));
    }
    return params;
  }

  private static String reason(String name) {
    if (name.equals("x") || name.equals("a") || name.equals("b")) {
      return "an input";
    }
    if (name.equals("y")) {
      return "the output";
    }
    if (name.equals("pi") || name.equals("e")) {
      return "a constant";
    }
    return "a function";
  }

  private static void conflict(ValidationReport.Builder report, Attr a, Attr b, String why) {
    if (a.isPresent() && b.isPresent()) {
      report.report(Message.CONFLICTING_ATTRIBUTES, b.value(), a.attribute(), b.attribute(), why);
    }
  }

  /** {@code Foo -> FooLayer}; a nested {@code Outer.Foo -> Outer_FooLayer}. */
  private static String layerName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element e = type.getEnclosingElement();
    while (e instanceof TypeElement) {
      name.insert(0, e.getSimpleName() + "_");
      e = e.getEnclosingElement();
    }
    return name + "Layer";
  }

  private static AnnotationMirror findMirror(TypeElement type) {
    for (AnnotationMirror m : type.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(ACTIVATION)) {
        return m;
      }
    }
    throw new IllegalStateException("no @Activation on " + type);
  }

  private static Attr attr(
      Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
    return new Attr(name, string(values, name), value(values, name));
  }

  private static String string(
      Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
    Object v = value(values, name).getValue();
    return v instanceof String ? (String) v : "";
  }

  private static AnnotationValue value(
      Map<? extends ExecutableElement, ? extends AnnotationValue> values, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : values.entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    throw new IllegalStateException("@Activation has no attribute " + name);
  }

  /**
   * Whether javac could not evaluate the value or something inside it ({@code formula = UNKNOWN},
   * {@code @Param(value = UNKNOWN)}). Such a value reads as the string {@code <error>}, which only
   * its unquoted {@code toString} tells apart from the string literal "<error>".
   */
  private static boolean isErroneous(AnnotationValue v) {
    if ("<error>".equals(v.toString())) {
      return true;
    }
    Object value = v.getValue();
    if (value instanceof List) {
      for (Object element : (List<?>) value) {
        if (element instanceof AnnotationValue && isErroneous((AnnotationValue) element)) {
          return true;
        }
      }
    } else if (value instanceof AnnotationMirror) {
      for (AnnotationValue inner : ((AnnotationMirror) value).getElementValues().values()) {
        if (isErroneous(inner)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String kind(Element e) {
    return e.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** Quotes and control characters shown escaped, so a hostile name cannot garble the message. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\'' || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return s.length() > 80 ? b + "..." : b.toString();
  }
}
