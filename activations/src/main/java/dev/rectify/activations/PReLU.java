package dev.rectify.activations;

import dev.rectify.spec.Activation;
import dev.rectify.spec.Param;

/** ReLU with a learnable negative slope per channel (He et al. 2015), initialised to 0.25. */
@Activation(
    name = "prelu",
    formula = "max(x, 0)",
    negativeSlope = "slope",
    params = @Param(name = "slope", value = 0.25, learnable = true, perChannel = true))
public interface PReLU {}
