package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** Leaky ReLU: max(x, 0) + slope * min(x, 0), PyTorch's default slope 0.01. */
@Activation(
    name = "leaky-relu",
    formula = "max(x, 0)",
    negativeSlope = "slope",
    params = @Param(name = "slope", value = 0.01))
public interface LeakyReLU {}
