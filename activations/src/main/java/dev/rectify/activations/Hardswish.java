package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Hard swish (Howard et al. 2019, MobileNetV3). */
@Activation(name = "hardswish", formula = "x * relu6(x + 3) / 6")
public interface Hardswish {}
