package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** The scaled ELU (Klambauer et al. 2017), with the self-normalising constants. */
@Activation(
    name = "selu",
    formula = "lambda * (x > 0 ? x : alpha * (exp(x) - 1))",
    params = {
      @Param(name = "alpha", value = 1.6732632423543772),
      @Param(name = "lambda", value = 1.0507009873554805)
    })
public interface SELU {}
