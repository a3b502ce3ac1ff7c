package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** ReLU capped at 6 (Krizhevsky 2010; MobileNet), as PyTorch's nn.ReLU6. */
@Activation(name = "relu6", formula = "relu6(x)")
public interface ReLU6 {}
