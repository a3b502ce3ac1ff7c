package dev.rectify.processor.support;

import dev.rectify.processor.spec.ActivationSpec;
import dev.rectify.processor.spec.ActivationSpec.Attr;
import dev.rectify.processor.spec.ActivationSpec.ParamSpec;
import java.util.List;

/** Activation specs made in process, without an annotated source, for the compiler's parts. */
public final class Specs {
  private Specs() {}

  /**
   * The spec of {@code @Activation(name = "<name>", formula = "<formula>", params = ...)} in
   * package {@code test}, its layer {@code test.<Simple>Layer}; every other attribute absent.
   */
  public static ActivationSpec formula(
      String name, String simpleName, String formula, List<ParamSpec> params) {
    return new ActivationSpec(
        null,
        "test." + simpleName,
        null,
        "test",
        simpleName + "Layer",
        name,
        new Attr("formula", formula, null),
        new Attr("derivative", "", null),
        new Attr("surrogate", "", null),
        new Attr("surrogateDerivative", "", null),
        new Attr("negativeSlope", "", null),
        params,
        null,
        "");
  }
}
