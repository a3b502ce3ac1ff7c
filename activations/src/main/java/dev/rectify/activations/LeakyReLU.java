package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** Leaky ReLU (Maas, Hannun and Ng 2013), with PyTorch's default slope 0.01. */
@Activation(
    name = "leaky-relu",
    formula = "max(x, 0)",
    negativeSlope = "slope",
    params = @Param(name = "slope", value = 0.01))
public interface LeakyReLU {}
