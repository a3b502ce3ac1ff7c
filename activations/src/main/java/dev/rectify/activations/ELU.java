package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** The exponential linear unit (Clevert, Unterthiner and Hochreiter 2016). */
@Activation(
    name = "elu",
    formula = "x > 0 ? x : alpha * (exp(x) - 1)",
    params = @Param(name = "alpha", value = 1.0))
public interface ELU {}
