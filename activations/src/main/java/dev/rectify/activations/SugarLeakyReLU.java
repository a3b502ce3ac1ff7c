package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** SUGAR with the Leaky ReLU surrogate (Horuz et al. 2025). */
@Activation(
    name = "sugar-leaky-relu",
    formula = "max(x, 0)",
    surrogate = "max(x, 0) + slope * min(x, 0)",
    params = @Param(name = "slope", value = 0.01))
public interface SugarLeakyReLU {}
