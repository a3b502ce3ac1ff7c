package dev.rectify.activations;

import dev.rectify.spec.Activation;

/** Mish (Misra 2019). */
@Activation(name = "mish", formula = "x * tanh(softplus(x))")
public interface Mish {}
