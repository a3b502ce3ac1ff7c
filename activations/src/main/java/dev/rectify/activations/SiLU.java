package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** The sigmoid linear unit (Elfwing, Uchibe and Doya 2018), swish with beta = 1 by default. */
@Activation(
    name = "silu",
    formula = "x * sigmoid(beta * x)",
    params = @Param(name = "beta", value = 1.0))
public interface SiLU {}
