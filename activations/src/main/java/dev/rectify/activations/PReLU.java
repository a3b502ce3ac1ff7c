package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** Parametric ReLU (He et al. 2015): a learnable slope per channel, initialised to 0.25. */
@Activation(
    name = "prelu",
    formula = "max(x, 0)",
    negativeSlope = "slope",
    params = @Param(name = "slope", value = 0.25, learnable = true, perChannel = true))
public interface PReLU {}
