package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** SUGAR with the B-SiLU surrogate (Horuz et al. 2025): forward ReLU, backward B-SiLU'. */
@Activation(
    name = "sugar-bsilu",
    formula = "max(x, 0)",
    surrogate = "(x + alpha) * sigmoid(x) - alpha / 2",
    params = @Param(name = "alpha", value = 1.67))
public interface SugarBSiLU {}
