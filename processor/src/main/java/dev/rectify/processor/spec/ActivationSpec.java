package dev.rectify.processor.spec;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * An {@code @Activation} as written, read from the annotation mirror: the raw strings and their
 * {@link AnnotationValue}s (for positioned errors), before any formula is parsed. {@code type},
 * {@code mirror} and the values are null when a spec is built in-process (the fuzz tests), which
 * only costs the diagnostics their source position and the generated file its originating element.
 */
public record ActivationSpec(
    TypeElement type,
    String qualifiedName,
    AnnotationMirror mirror,
    String packageName,
    String layerName,
    String name,
    Attr formula,
    Attr derivative,
    Attr surrogate,
    Attr surrogateDerivative,
    Attr negativeSlope,
    List<ParamSpec> params,
    AnnotationValue paramsValue,
    String description) {

  public ActivationSpec {
    params = List.copyOf(params);
  }

  /** A string attribute: its name, its text (empty when absent) and its value for diagnostics. */
  public record Attr(String attribute, String text, AnnotationValue value) {
    public boolean isPresent() {
      return !text.isEmpty();
    }
  }

  /** A declared {@code @Param}. */
  public record ParamSpec(
      String name, double value, boolean learnable, boolean perChannel, AnnotationValue source) {}
}
