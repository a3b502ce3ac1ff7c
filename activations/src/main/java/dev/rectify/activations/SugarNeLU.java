package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** SUGAR with the NeLU surrogate (Horuz et al. 2025), defined by its derivative. */
@Activation(
    name = "sugar-nelu",
    formula = "max(x, 0)",
    surrogateDerivative = "x > 0 ? 1 : 2 * alpha * x / (1 + x^2)^2",
    params = @Param(name = "alpha", value = 0.01))
public interface SugarNeLU {}
