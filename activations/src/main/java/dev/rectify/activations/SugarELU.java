package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** SUGAR with the ELU surrogate (Horuz et al. 2025). */
@Activation(
    name = "sugar-elu",
    formula = "max(x, 0)",
    surrogate = "x > 0 ? x : alpha * (exp(x) - 1)",
    params = @Param(name = "alpha", value = 1.0))
public interface SugarELU {}
