package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** SUGAR with the SiLU surrogate (Horuz et al. 2025). */
@Activation(
    name = "sugar-silu",
    formula = "max(x, 0)",
    surrogate = "x * sigmoid(beta * x)",
    params = @Param(name = "beta", value = 1.0))
public interface SugarSiLU {}
