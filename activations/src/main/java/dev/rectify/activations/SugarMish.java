package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** SUGAR with the Mish surrogate (Horuz et al. 2025). */
@Activation(name = "sugar-mish", formula = "max(x, 0)", surrogate = "x * tanh(softplus(x))")
public interface SugarMish {}
