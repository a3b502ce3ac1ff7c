package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Hard sigmoid as PyTorch's nn.Hardsigmoid (Howard et al. 2019, MobileNetV3). */
@Activation(name = "hardsigmoid", formula = "relu6(x + 3) / 6")
public interface Hardsigmoid {}
