package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** SUGAR with the SELU surrogate (Horuz et al. 2025). */
@Activation(
    name = "sugar-selu",
    formula = "max(x, 0)",
    surrogate = "lambda * (x > 0 ? x : alpha * (exp(x) - 1))",
    params = {
      @Param(name = "alpha", value = 1.6732632423543772),
      @Param(name = "lambda", value = 1.0507009873554805)
    })
public interface SugarSELU {}
